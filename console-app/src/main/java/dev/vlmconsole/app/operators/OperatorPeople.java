package dev.vlmconsole.app.operators;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.app.account.Emails;
import dev.vlmconsole.app.operators.OperatorRepository.Person;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The install's operators (its support staff) and their flag: operators grant it to a person who has
 * an account, and withdraw it, never from the last operator (so an operator may withdraw their own only
 * while another remains). Each change takes a reason and is written to the install-wide audit log (no
 * workspace) as an operator action. A withdrawal takes effect at the person's next request (the console
 * reads the flag again at each one); a grant at their next sign-in.
 */
@Service
public class OperatorPeople {

    /** The field of the person's email in {@link #grant}. */
    public static final String EMAIL = "email";

    static final String GRANTED = "core.operator.granted";
    static final String WITHDRAWN = "core.operator.withdrawn";

    private final OperatorRepository people;
    private final ConsoleContext context;
    private final AuditLog audit;

    public OperatorPeople(OperatorRepository people, ConsoleContext context, AuditLog audit) {
        this.people = people;
        this.context = context;
        this.audit = audit;
    }

    /** Every operator, by name. */
    @Transactional(readOnly = true)
    public List<Person> list() {
        context.require(Permissions.OPERATOR);
        return people.operators();
    }

    /**
     * Makes the person with {@code email} an operator, from their next sign-in.
     *
     * @throws InvalidInputException naming {@value #EMAIL} (nobody with that email, already an operator)
     *                               or {@code reason}; nothing is changed
     */
    @Transactional
    public Person grant(String email, String reason) {
        context.require(Permissions.OPERATOR);
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        String e = email == null ? "" : email.strip();
        Person person = null;
        if (e.isEmpty()) {
            invalid.add(EMAIL, "Enter the email of the person to make an operator.");
        } else {
            person = people.findByEmail(Emails.normalize(e)).orElse(null);
            if (person == null) {
                invalid.add(EMAIL, "Nobody has an account with " + e + ": they sign up first.");
            } else if (person.operator()) {
                invalid.add(EMAIL, person.displayName() + " is an operator already.");
            }
        }
        String why = reason(reason, invalid);
        invalid.throwIfAny();
        people.setOperator(person.id(), true);
        record(GRANTED, person, why);
        return new Person(person.id(), person.email(), person.displayName(), true, person.lastActiveAt());
    }

    /**
     * Withdraws {@code userId}'s flag, from their next request.
     *
     * @return false when they were not an operator (nothing recorded)
     * @throws LastOperatorException when they are the last operator
     * @throws NoSuchElementException when there is no such person
     */
    @Transactional
    public boolean withdraw(UUID userId, String reason) {
        context.require(Permissions.OPERATOR);
        String why = OperatorReason.require(reason);
        people.lockOperators();
        List<UUID> operators = people.operatorIds();
        Person person = people.findById(userId).orElseThrow(() -> new NoSuchElementException("No such person."));
        if (!operators.contains(userId)) {
            return false;
        }
        if (operators.size() == 1) {
            throw new LastOperatorException();
        }
        people.setOperator(userId, false);
        record(WITHDRAWN, person, why);
        return true;
    }

    private static String reason(String reason, InvalidInputException.Builder invalid) {
        try {
            return OperatorReason.require(reason);
        } catch (InvalidInputException refused) {
            invalid.addAll(refused);
            return "";
        }
    }

    private void record(String action, Person person, String reason) {
        Actor actor = context.actor().asOperator();
        audit.record(new AuditEntry(
                null,
                actor,
                action,
                AuditTarget.user(person.id(), person.displayName() + " <" + person.email() + ">"),
                "Reason: " + reason,
                context.sourceAddress().orElse("")));
    }
}
