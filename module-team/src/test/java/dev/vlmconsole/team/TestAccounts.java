package dev.vlmconsole.team;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Names;
import dev.vlmconsole.api.services.Accounts;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestPerson;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's accounts for the Team module's tests: people of {@link TestMembers} whom the test
 * {@linkplain #register registered}, new ones made by {@link #create}, and one browser session
 * ({@link #signedIn}, {@link #signIn}).
 */
public final class TestAccounts implements Accounts {

    private final TestMembers members;
    private final TeamDirectory directory;
    private final Map<String, Account> byEmail = new ConcurrentHashMap<>();
    private volatile Account signedIn;

    TestAccounts(TestMembers members, TeamDirectory directory) {
        this.members = members;
        this.directory = directory;
    }

    /** Makes {@code person} an account of the install. */
    public void register(TestPerson person) {
        byEmail.put(key(person.email()), new Account(person.id(), person.email(), person.displayName()));
    }

    /** Signs the session out: the next accept page sees nobody. */
    public void reset() {
        signedIn = null;
    }

    @Override
    public Optional<Account> byEmail(String email) {
        return Optional.ofNullable(byEmail.get(key(email)));
    }

    @Override
    public Optional<Account> byId(UUID id) {
        return byEmail.values().stream().filter(a -> a.id().equals(id)).findFirst();
    }

    @Override
    public Account create(String email, String displayName, String password) {
        InvalidInputException.Builder invalid =
                InvalidInputException.builder().check(NAME, Names.DISPLAY_NAME.problem(displayName));
        if (password == null || password.length() < 12) {
            invalid.add(PASSWORD, "Use at least 12 characters.");
        }
        if (byEmail.containsKey(key(email))) {
            invalid.add(EMAIL, "This address has an account.");
        }
        invalid.throwIfAny();
        TestPerson person = members.newPerson(email, Names.DISPLAY_NAME.require(displayName));
        directory.known(person);
        register(person);
        return byEmail.get(key(email));
    }

    @Override
    public Optional<Account> signedIn() {
        return Optional.ofNullable(signedIn);
    }

    @Override
    public void signIn(UUID userId) {
        signedIn = byId(userId).orElseThrow();
    }

    @Override
    public void signOut() {
        signedIn = null;
    }

    private static String key(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
