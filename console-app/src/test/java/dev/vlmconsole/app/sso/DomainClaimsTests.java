package dev.vlmconsole.app.sso;

import static dev.vlmconsole.app.db.Tables.DOMAIN_CLAIMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.modules.CoreModule;
import dev.vlmconsole.app.sso.DomainClaims.Claim;
import dev.vlmconsole.app.sso.DomainClaims.Status;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.MutableClock;
import dev.vlmconsole.testsupport.RecordingAuditLog;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ConsoleDomainClaims} on the console's real core migrations: who may ask, read and decide, one
 * claim per domain across the install, public mail domains refused, every step audited in the claiming
 * workspace's log (an operator's as an operator action, with the reason), and sign-in seeing approved
 * claims only. Runs on H2 ({@link DomainClaimsOnH2Test}) and PostgreSQL ({@link DomainClaimsOnPostgresTest},
 * which adds two Owners asking at the same moment).
 */
abstract class DomainClaimsTests {

    static final Instant START = Instant.parse("2026-11-30T09:00:00Z");

    final ModuleDatabase database = newDatabase().migrate("core", "classpath:db/migration/core");
    final TestMembers members = new TestMembers(database);
    final FakeConsoleContext context = new FakeConsoleContext(members, new CoreModule());
    final MutableClock clock = new MutableClock(START);
    final RecordingAuditLog audit = new RecordingAuditLog(context, clock);
    final DomainClaims claims =
            new ConsoleDomainClaims(context, new DomainClaimRepository(database.dsl()), audit, clock);

    /** A fresh database of the kind the subclass tests. */
    abstract ModuleDatabase newDatabase();

    @AfterEach
    void close() {
        database.close();
    }

    <T> T inTx(Supplier<T> work) {
        return database.tx().execute(s -> work.get());
    }

    void inTx(Runnable work) {
        database.tx().executeWithoutResult(s -> work.run());
    }

    TestPerson ownerOf(TestWorkspace w) {
        return members.newMember(w, Role.OWNER);
    }

    int rows() {
        return database.dsl().fetchCount(DOMAIN_CLAIMS);
    }

    @Test
    void an_owner_asks_for_a_domain_which_waits_for_an_operator_and_is_audited() {
        TestWorkspace acme = members.newWorkspace("Acme");
        TestPerson owner = ownerOf(acme);
        context.signIn(owner, acme);

        Claim claim = inTx(() -> claims.request("  Acme.Example ", Role.VIEWER));

        assertThat(claim.domain()).isEqualTo("acme.example");
        assertThat(claim.workspaceId()).isEqualTo(acme.id());
        assertThat(claim.workspaceName()).isEqualTo("Acme");
        assertThat(claim.defaultRole()).isEqualTo(Role.VIEWER);
        assertThat(claim.status()).isEqualTo(Status.PENDING);
        assertThat(claim.requestedAt()).isEqualTo(START);
        assertThat(claim.requestedBy()).isEqualTo(owner.displayName());
        assertThat(claim.decidedAt()).isNull();
        assertThat(inTx(claims::ofCurrentWorkspace)).containsExactly(claim);
        AuditEntry entry = audit.last();
        assertThat(entry.workspaceId()).isEqualTo(acme.id());
        assertThat(entry.action()).isEqualTo(ConsoleDomainClaims.REQUESTED);
        assertThat(entry.actor().id()).isEqualTo(owner.id());
        assertThat(entry.actor().operator()).isFalse();
        assertThat(entry.subject()).isEqualTo(AuditTarget.of(SsoAuditTargets.EMAIL_DOMAIN, claim.id(), "acme.example"));
        assertThat(inTx(() -> claims.approvedFor("ann@acme.example")))
                .as("pending: sign-in does not use it")
                .isEmpty();
    }

    @Test
    void a_domain_is_claimed_once_across_the_install_pending_or_approved() {
        TestWorkspace acme = members.newWorkspace();
        TestWorkspace other = members.newWorkspace();
        TestPerson acmeOwner = ownerOf(acme);
        TestPerson otherOwner = ownerOf(other);
        context.signIn(acmeOwner, acme);
        Claim claim = inTx(() -> claims.request("acme.example", Role.MEMBER));

        context.signIn(otherOwner, other);
        assertThatThrownBy(() -> inTx(() -> claims.request("ACME.example", Role.MEMBER)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.messageFor(DomainClaims.DOMAIN))
                                .hasValueSatisfying(m -> assertThat(m).contains("another workspace")));

        context.signIn(members.newOperator());
        inTx(() -> claims.approve(claim.id(), "Checked with Acme's IT"));
        context.signIn(otherOwner, other);
        assertThatThrownBy(() -> inTx(() -> claims.request("acme.example", Role.MEMBER)))
                .isInstanceOf(InvalidInputException.class);

        context.signIn(acmeOwner, acme);
        assertThatThrownBy(() -> inTx(() -> claims.request("acme.example", Role.VIEWER)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.messageFor(DomainClaims.DOMAIN))
                                .hasValueSatisfying(m -> assertThat(m).contains("This workspace")));
        assertThat(rows()).isEqualTo(1);
        assertThat(audit.actions()).containsExactly(ConsoleDomainClaims.REQUESTED, ConsoleDomainClaims.APPROVED);
    }

    @Test
    void public_and_malformed_domains_are_refused_on_the_domain_field_with_nothing_written() {
        TestWorkspace w = members.newWorkspace();
        context.signIn(ownerOf(w), w);

        for (String domain : List.of("gmail.com", "gmx.de", "ann@acme.example", "localhost", "")) {
            assertThatThrownBy(() -> inTx(() -> claims.request(domain, Role.MEMBER)))
                    .as(domain)
                    .isInstanceOfSatisfying(
                            InvalidInputException.class,
                            e -> assertThat(e.messageFor(DomainClaims.DOMAIN)).isPresent());
        }
        assertThat(rows()).isZero();
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void an_internationalised_domain_is_stored_in_its_ascii_form_and_matches_emails_either_way() {
        TestWorkspace w = members.newWorkspace();
        context.signIn(ownerOf(w), w);
        Claim claim = inTx(() -> claims.request("Bücher.Example", Role.MEMBER));
        assertThat(claim.domain()).isEqualTo("xn--bcher-kva.example");
        assertThat(EmailDomains.display(claim.domain())).isEqualTo("bücher.example");

        context.signIn(members.newOperator());
        inTx(() -> claims.approve(claim.id(), "Their domain"));

        assertThat(inTx(() -> claims.approvedFor("leser@bücher.example")))
                .map(Claim::id)
                .contains(claim.id());
        assertThat(inTx(() -> claims.approvedFor("leser@XN--BCHER-KVA.example")))
                .map(Claim::id)
                .contains(claim.id());
    }

    @Test
    void new_people_never_join_as_owners_of_a_claimed_domain() {
        TestWorkspace w = members.newWorkspace();
        context.signIn(ownerOf(w), w);

        assertThatThrownBy(() -> inTx(() -> claims.request("acme.example", Role.OWNER)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.messageFor(ConsoleDomainClaims.DEFAULT_ROLE))
                                .isPresent());
        Claim claim = inTx(() -> claims.request("acme.example", Role.MEMBER));
        assertThatThrownBy(() -> inTx(() -> claims.changeDefaultRole(claim.id(), Role.OWNER)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(inTx(claims::ofCurrentWorkspace))
                .extracting(Claim::defaultRole)
                .containsExactly(Role.MEMBER);
    }

    @Test
    void admins_read_the_claims_but_cannot_ask_change_or_withdraw_and_members_cannot_read() {
        TestWorkspace w = members.newWorkspace();
        context.signIn(ownerOf(w), w);
        Claim claim = inTx(() -> claims.request("acme.example", Role.MEMBER));

        context.signIn(members.newMember(w, Role.ADMIN), w);
        assertThat(inTx(claims::ofCurrentWorkspace)).containsExactly(claim);
        assertThatThrownBy(() -> inTx(() -> claims.request("beta.example", Role.MEMBER)))
                .isInstanceOfSatisfying(
                        PermissionDeniedException.class,
                        e -> assertThat(e.permission()).isEqualTo(DomainClaims.SETTINGS));
        assertThatThrownBy(() -> inTx(() -> claims.changeDefaultRole(claim.id(), Role.VIEWER)))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> inTx(() -> claims.withdraw(claim.id()))).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> inTx(claims::pending))
                .as("the install's claims are the operators'")
                .isInstanceOf(PermissionDeniedException.class);

        for (Role role : List.of(Role.MEMBER, Role.BILLING, Role.VIEWER)) {
            context.signIn(members.newMember(w, role), w);
            assertThatThrownBy(() -> inTx(claims::ofCurrentWorkspace))
                    .isInstanceOfSatisfying(
                            PermissionDeniedException.class,
                            e -> assertThat(e.permission()).isEqualTo(CoreModule.SSO_READ));
        }
        assertThat(rows()).isEqualTo(1);
        assertThat(audit.actions()).containsExactly(ConsoleDomainClaims.REQUESTED);
    }

    @Test
    void an_owner_changes_the_default_role_and_withdraws_the_claim_which_frees_the_domain() {
        TestWorkspace w = members.newWorkspace();
        context.signIn(ownerOf(w), w);
        Claim claim = inTx(() -> claims.request("acme.example", Role.MEMBER));

        assertThat(inTx(() -> claims.changeDefaultRole(claim.id(), Role.VIEWER)).defaultRole())
                .isEqualTo(Role.VIEWER);
        assertThat(audit.last().details()).isEqualTo("From Member to Viewer.");
        inTx(() -> claims.changeDefaultRole(claim.id(), Role.VIEWER));
        inTx(() -> claims.withdraw(claim.id()));

        assertThat(inTx(claims::ofCurrentWorkspace)).isEmpty();
        assertThat(audit.actions())
                .as("an unchanged role records nothing")
                .containsExactly(
                        ConsoleDomainClaims.REQUESTED, ConsoleDomainClaims.ROLE_CHANGED, ConsoleDomainClaims.WITHDRAWN);
        assertThat(audit.entries()).allSatisfy(e -> assertThat(e.workspaceId()).isEqualTo(w.id()));

        TestWorkspace other = members.newWorkspace();
        context.signIn(ownerOf(other), other);
        assertThat(inTx(() -> claims.request("acme.example", Role.MEMBER)).workspaceId())
                .as("a withdrawn claim frees the domain")
                .isEqualTo(other.id());
    }

    @Test
    void another_workspaces_claim_answers_like_an_unknown_one() {
        TestWorkspace acme = members.newWorkspace();
        context.signIn(ownerOf(acme), acme);
        Claim claim = inTx(() -> claims.request("acme.example", Role.MEMBER));

        TestWorkspace other = members.newWorkspace();
        context.signIn(ownerOf(other), other);
        assertThat(inTx(claims::ofCurrentWorkspace)).isEmpty();
        assertThatThrownBy(() -> inTx(() -> claims.withdraw(claim.id()))).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> inTx(() -> claims.changeDefaultRole(claim.id(), Role.VIEWER)))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> inTx(() -> claims.withdraw(UUID.randomUUID())))
                .isInstanceOf(NoSuchElementException.class);
        assertThat(rows()).isEqualTo(1);
        assertThat(audit.actions()).containsExactly(ConsoleDomainClaims.REQUESTED);
    }

    @Test
    void an_operator_approves_with_a_reason_recorded_in_the_workspaces_log_as_an_operator_action() {
        TestWorkspace w = members.newWorkspace("Acme");
        context.signIn(ownerOf(w), w);
        Claim claim = inTx(() -> claims.request("acme.example", Role.MEMBER));
        TestPerson operator = members.newOperator();
        context.signIn(operator);
        clock.advance(Duration.ofHours(2));

        assertThat(inTx(claims::pending)).containsExactly(claim);
        assertThatThrownBy(() -> inTx(() -> claims.approve(claim.id(), "  ")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.messageFor("reason")).isPresent());
        Claim approved = inTx(() -> claims.approve(claim.id(), "  Called Acme's IT  "));

        assertThat(approved.status()).isEqualTo(Status.APPROVED);
        assertThat(approved.decidedAt()).isEqualTo(START.plus(Duration.ofHours(2)));
        assertThat(inTx(claims::pending)).isEmpty();
        assertThat(inTx(claims::approved)).containsExactly(approved);
        AuditEntry entry = audit.last();
        assertThat(entry.workspaceId()).as("the claiming workspace's log").isEqualTo(w.id());
        assertThat(entry.action()).isEqualTo(ConsoleDomainClaims.APPROVED);
        assertThat(entry.actor().id()).isEqualTo(operator.id());
        assertThat(entry.actor().operator()).isTrue();
        assertThat(entry.details()).isEqualTo("New people join as Member. Reason: Called Acme's IT");
        assertThat(inTx(() -> claims.approvedFor("Ann@ACME.example"))).contains(approved);
        assertThat(inTx(() -> claims.approvedFor("ann@sub.acme.example")))
                .as("exact domain only")
                .isEmpty();
        assertThat(inTx(() -> claims.approvedFor("not an email"))).isEmpty();
        assertThatThrownBy(() -> inTx(() -> claims.approve(claim.id(), "again")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void an_operator_rejects_a_pending_claim_and_revokes_an_approved_one_each_deleting_it_with_the_reason() {
        TestWorkspace w = members.newWorkspace();
        context.signIn(ownerOf(w), w);
        Claim first = inTx(() -> claims.request("acme.example", Role.MEMBER));
        Claim second = inTx(() -> claims.request("acme-corp.example", Role.VIEWER));
        context.signIn(members.newOperator());
        inTx(() -> claims.approve(second.id(), "Theirs"));

        inTx(() -> claims.reject(first.id(), "Not their domain"));
        assertThat(audit.last().action()).isEqualTo(ConsoleDomainClaims.REJECTED);
        assertThat(audit.last().details()).isEqualTo("Reason: Not their domain");
        assertThat(audit.last().actor().operator()).isTrue();
        assertThat(audit.last().workspaceId()).isEqualTo(w.id());
        inTx(() -> claims.reject(second.id(), "Company sold"));
        assertThat(audit.last().action()).isEqualTo(ConsoleDomainClaims.REVOKED);

        assertThat(rows()).isZero();
        assertThat(inTx(() -> claims.approvedFor("ann@acme-corp.example"))).isEmpty();
        assertThatThrownBy(() -> inTx(() -> claims.reject(first.id(), "again")))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void people_who_are_not_operators_cannot_list_approve_or_reject() {
        TestWorkspace w = members.newWorkspace();
        TestPerson owner = ownerOf(w);
        context.signIn(owner, w);
        Claim claim = inTx(() -> claims.request("acme.example", Role.MEMBER));

        assertThatThrownBy(() -> inTx(() -> claims.approve(claim.id(), "mine")))
                .isInstanceOfSatisfying(
                        PermissionDeniedException.class,
                        e -> assertThat(e.permission()).isEqualTo(Permissions.OPERATOR));
        assertThatThrownBy(() -> inTx(() -> claims.reject(claim.id(), "mine")))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> inTx(claims::approved)).isInstanceOf(PermissionDeniedException.class);
        assertThat(inTx(claims::ofCurrentWorkspace)).extracting(Claim::status).containsExactly(Status.PENDING);
    }
}
