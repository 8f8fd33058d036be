package dev.vlmconsole.app.access;

import static dev.vlmconsole.keys.db.Tables.API_KEYS;
import static dev.vlmconsole.keys.db.Tables.API_KEY_SECRETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.app.audit.AuditLogService;
import dev.vlmconsole.app.modules.ModuleRegistry;
import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.billing.invoices.BillingProfiles;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.invoices.TopUps;
import dev.vlmconsole.billing.plans.Subscriptions;
import dev.vlmconsole.billing.usage.UsageReports;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.db.tables.records.ApiKeysRecord;
import dev.vlmconsole.team.Invitations;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What the permission matrix and the tenant-isolation test share: the services under test, acting as
 * a person on a request of their own, admin keys of a member, and the team module's services looked
 * up by type (module-team is built in parallel: without an implementation its cells fail, naming it).
 */
abstract class AccessTest extends ConsoleTest {

    /** How a cell that needs the team module fails while module-team has no implementation. */
    static final String NO_TEAM = "team module has no implementation: no bean implements " + Invitations.class.getName()
            + " (these cells run once module-team provides one)";

    /** What a person or key meets when they try something. */
    enum Outcome {
        /** It was done: the service returned, the API answered its success status. */
        ALLOWED,
        /** Refused: {@link PermissionDeniedException}, a 403 problem. */
        DENIED,
        /** Answered as if the thing did not exist: {@link NoSuchElementException}, a 404 problem, absent from a list. */
        HIDDEN
    }

    @LocalServerPort
    int port;

    @Autowired
    ModuleRegistry registry;

    @Autowired
    KeyService keys;

    @Autowired
    KeyFormat keyFormat;

    @Autowired
    Memberships memberships;

    @Autowired
    AuditLogService auditLog;

    @Autowired
    ObjectProvider<Invitations> invitationsProvider;

    @Autowired
    ObjectProvider<Subscriptions> subscriptionsProvider;

    @Autowired
    ObjectProvider<TopUps> topUpsProvider;

    @Autowired
    ObjectProvider<UsageReports> reportsProvider;

    @Autowired
    ObjectProvider<Invoices> invoicesProvider;

    @Autowired
    ObjectProvider<BillingProfiles> profilesProvider;

    private @Nullable MachineApi api;

    MachineApi api() {
        if (api == null) {
            api = new MachineApi(port);
        }
        return api;
    }

    /** The team module's invitations; fails the calling cell with {@link #NO_TEAM} when there is none. */
    Invitations invitations() {
        Invitations found = invitationsProvider.getIfAvailable();
        if (found == null) {
            fail(NO_TEAM);
        }
        return found;
    }

    /** The billing module's plans and limits; fails the calling cell, naming it, when none is installed. */
    Subscriptions subscriptions() {
        return billing(subscriptionsProvider, Subscriptions.class);
    }

    TopUps topUps() {
        return billing(topUpsProvider, TopUps.class);
    }

    UsageReports usageReports() {
        return billing(reportsProvider, UsageReports.class);
    }

    Invoices invoices() {
        return billing(invoicesProvider, Invoices.class);
    }

    BillingProfiles billingProfiles() {
        return billing(profilesProvider, BillingProfiles.class);
    }

    /** Fails unless every billing service the access tests use is installed (before calling its API). */
    void requireBilling() {
        subscriptions();
        topUps();
        usageReports();
        invoices();
        billingProfiles();
    }

    private static <T> T billing(ObjectProvider<T> provider, Class<T> type) {
        T found = provider.getIfAvailable();
        if (found == null) {
            fail("billing module has no implementation: no bean implements " + type.getName()
                    + " (these cells run once module-billing's parts are merged)");
        }
        return found;
    }

    /**
     * An invoice of {@code workspace} for October 2026 (a subscription fee), issued as the cycle close
     * issues one: it checks no permission.
     */
    Invoices.Invoice issueInvoice(Workspace workspace) {
        Money fee = new Money(new BigDecimal("799"), Currency.getInstance("USD"));
        return invoices()
                .issue(new Invoices.Draft(
                        workspace.id(),
                        Invoices.Kind.CYCLE,
                        LocalDate.of(2026, 10, 1),
                        LocalDate.of(2026, 10, 31),
                        List.of(new Invoices.Line("Pro, October 2026", BigDecimal.ONE, fee, fee)),
                        "access-test:" + unique()));
    }

    /** Fails with {@link #NO_TEAM} unless the team module is installed (before calling its API). */
    void requireTeamModule() {
        invitations();
    }

    /** Starts a request of its own with nobody signed in (a dynamic test shares one {@code @BeforeEach}). */
    static void freshRequest() {
        SecurityContextHolder.clearContext();
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
    }

    /** Signs {@code user} in to {@code workspace} on a request of their own. */
    void actAs(TestUser user, Workspace workspace) {
        freshRequest();
        login(user, workspace);
    }

    /** Runs {@code action} as {@code user} in {@code workspace}, then leaves nobody signed in. */
    <T> T as(TestUser user, Workspace workspace, Supplier<T> action) {
        actAs(user, workspace);
        try {
            return action.get();
        } finally {
            freshRequest();
        }
    }

    /** Runs {@code attempt} and says how it ended; any other exception fails the cell. */
    static Outcome outcomeOf(Supplier<Outcome> attempt) {
        try {
            return attempt.get();
        } catch (PermissionDeniedException e) {
            return Outcome.DENIED;
        } catch (NoSuchElementException e) {
            return Outcome.HIDDEN;
        }
    }

    /** How the API answered: {@code success} is {@link Outcome#ALLOWED}, 403 and 404 problems as their kind. */
    static Outcome outcomeOf(MachineApi.Answer answer, int success) {
        if (answer.status() == success) {
            return Outcome.ALLOWED;
        }
        if (answer.status() == 403 || answer.status() == 404) {
            assertThat(answer.isProblem())
                    .as("a refusal is a problem: " + answer)
                    .isTrue();
            return answer.status() == 403 ? Outcome.DENIED : Outcome.HIDDEN;
        }
        return fail("unexpected answer " + answer);
    }

    /** How the API answered: any success is {@link Outcome#ALLOWED}, 403 and 404 problems as their kind. */
    static Outcome outcomeOf(MachineApi.Answer answer) {
        return answer.status() / 100 == 2 ? Outcome.ALLOWED : outcomeOf(answer, 200);
    }

    /** An inference key of {@code owner}, installed as the console installs keys. */
    UUID keyOf(Workspace workspace, TestUser owner, String name) {
        return keys.install(
                        keyFormat.generate(KeyFormat.Scope.INFERENCE), workspace.id(), owner.id(), name, Actor.SYSTEM)
                .id();
    }

    /** The secret of a new admin key of {@code owner}: on the machine API it acts with their role. */
    String adminKeyOf(Workspace workspace, TestUser owner) {
        String secret = keyFormat.generate(KeyFormat.Scope.ADMIN);
        keys.install(secret, workspace.id(), owner.id(), "access test admin key", Actor.SYSTEM);
        return secret;
    }

    ApiKeysRecord keyRow(UUID keyId) {
        return tx.execute(
                s -> db.selectFrom(API_KEYS).where(API_KEYS.ID.eq(keyId)).fetchSingle());
    }

    int secretsOf(UUID keyId) {
        return tx.execute(s -> db.fetchCount(API_KEY_SECRETS, API_KEY_SECRETS.KEY_ID.eq(keyId)));
    }

    Optional<Role> roleOf(Workspace workspace, TestUser user) {
        return tx.execute(s -> workspaceRepository.membership(workspace.id(), user.id()))
                .map(WorkspaceRef::role);
    }

    /** An invitation {@code owner} sent, and the token of its link when no mail server is configured. */
    record SentInvitation(
            UUID id,
            String email,
            Instant expiresAt,
            @Nullable String token) {}

    SentInvitation invite(TestUser owner, Workspace workspace, Role role) {
        String email = "invitee-" + unique() + "@example.test";
        Invitations.Outcome outcome =
                as(owner, workspace, () -> invitations().invite(email, role)).getFirst();
        assertThat(outcome).as("the Owner's invitation").isInstanceOf(Invitations.Outcome.Sent.class);
        Invitations.Outcome.Sent sent = (Invitations.Outcome.Sent) outcome;
        String link = sent.link();
        return new SentInvitation(
                sent.invitation().id(),
                email,
                sent.invitation().expiresAt(),
                link == null ? null : link.substring(link.lastIndexOf('/') + 1));
    }
}
