package dev.vlmconsole.team.ui;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.services.Accounts;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.TestPerson;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test double of the console's {@link Accounts} for the accept page's tests: people of
 * {@link RosterDirectory} have an account once {@link #register registered} (or {@link #create
 * created}); signing in and out acts on the {@link FakeConsoleContext}. The console's own
 * implementation (password rules, sessions) is tested in console-app.
 */
final class TestAccounts implements Accounts {

    private final FakeConsoleContext context;
    private final RosterDirectory directory;
    private final Set<UUID> registered = ConcurrentHashMap.newKeySet();
    /** The names people gave when their account was created. */
    final Map<UUID, String> names = new ConcurrentHashMap<>();

    TestAccounts(FakeConsoleContext context, RosterDirectory directory) {
        this.context = context;
        this.directory = directory;
    }

    TestPerson register(TestPerson person) {
        registered.add(person.id());
        return person;
    }

    @Override
    public Optional<Account> byEmail(String email) {
        return directory.byEmail(email).filter(p -> registered.contains(p.id())).map(TestAccounts::account);
    }

    @Override
    public Optional<Account> byId(UUID id) {
        return registered.contains(id) ? Optional.of(account(directory.person(id))) : Optional.empty();
    }

    @Override
    public Account create(String email, String displayName, String password) {
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        if (displayName == null || displayName.isBlank()) {
            invalid.add(NAME, "Enter a name.");
        }
        if (password == null || password.length() < 12) {
            invalid.add(PASSWORD, "Use at least 12 characters.");
        }
        if (byEmail(email).isPresent()) {
            invalid.add(EMAIL, "This address already has an account.");
        }
        invalid.throwIfAny();
        TestPerson person = directory.byEmail(email).orElseThrow();
        registered.add(person.id());
        names.put(person.id(), displayName.strip());
        return account(person);
    }

    @Override
    public Optional<Account> signedIn() {
        try {
            Actor actor = context.actor();
            return actor.kind() == Actor.Kind.USER
                    ? Optional.of(new Account(actor.id(), actor.email(), actor.displayName()))
                    : Optional.empty();
        } catch (PermissionDeniedException nobody) {
            return Optional.empty();
        }
    }

    @Override
    public void signIn(UUID userId) {
        context.signIn(directory.person(userId));
    }

    @Override
    public void signOut() {
        context.signOut();
    }

    private static Account account(TestPerson p) {
        return new Account(p.id(), p.email(), p.displayName());
    }
}
