package dev.vlmconsole.app.audit;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.AUDIT_PEOPLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.audit.AuditLogService.Filter;
import dev.vlmconsole.app.audit.AuditLogService.Scope;
import dev.vlmconsole.app.support.ConsoleTest;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Erasure of a person at a data-protection request (DD026): their name and email leave the log
 * everywhere it shows them (page, CSV, JSON Lines) and the database, the chain stays intact, and
 * the erasure is recorded in the install-wide log without the email.
 */
class AuditErasureTest extends ConsoleTest {

    @Autowired
    AuditLogService audit;

    @Test
    void an_erased_person_shows_as_a_pseudonym_everywhere_and_the_chain_stays_intact() {
        Workspace w = newWorkspace();
        TestUser alice = newMember(w, Role.OWNER);
        TestUser carol = newMember(w, Role.OWNER);
        login(alice, w);
        audit.record("core.thing.shared", AuditTarget.user(alice.id(), alice.email()), "with " + alice.email());
        audit.record("core.thing.done", AuditTarget.NONE, "done");

        login(newOperator());
        AuditPeople.Erasure erased = audit.erase(alice.email().toUpperCase(), "Request DPR-" + unique());

        assertThat(erased.pseudonym()).matches("Erased person [0-9a-f]{4}");
        assertThat(erased.references()).isPositive();
        login(carol, w);
        assertThat(audit.find(Filter.ALL, 0, 10)).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo(erased.pseudonym());
            assertThat(e.target().label() + e.details()).doesNotContain(alice.email());
        });
        assertThat(audit.find(Filter.ALL, 0, 10).getLast().details()).isEqualTo("with " + erased.pseudonym());
        assertThat(audit.count(new Filter(erased.pseudonym(), null, null, null)))
                .isEqualTo(2);
        StringWriter csv = new StringWriter();
        audit.exportCsv(Filter.ALL, csv);
        StringWriter lines = new StringWriter();
        audit.exportJsonLines(Scope.WORKSPACE, Filter.ALL, lines);
        for (String export : new String[] {csv.toString(), lines.toString()}) {
            assertThat(export).contains(erased.pseudonym()).doesNotContain(alice.email(), alice.displayName() + " <");
        }
        assertThat(audit.verify(Scope.WORKSPACE).intact()).isTrue();
        assertThat(db.fetchCount(AUDIT_PEOPLE, AUDIT_PEOPLE.EMAIL.eq(alice.email())))
                .isZero();

        login(newOperator());
        var recorded = audit.find(Scope.INSTALL, new Filter(null, "core.audit.person_erased", null, null), 0, 50);
        assertThat(recorded).anySatisfy(e -> {
            assertThat(e.target().label()).isEqualTo(erased.pseudonym());
            assertThat(e.operator()).isTrue();
        });
        assertThat(db.select(AUDIT_LOG.DETAILS, AUDIT_LOG.TARGET)
                        .from(AUDIT_LOG)
                        .where(AUDIT_LOG.WORKSPACE_ID.isNull())
                        .fetch()
                        .toString())
                .doesNotContain(alice.email());
        assertThat(audit.verify(Scope.INSTALL).intact()).isTrue();
    }

    @Test
    void a_reason_that_quotes_the_email_is_erased_with_it() {
        Workspace w = newWorkspace();
        TestUser bob = newMember(w, Role.OWNER);
        login(bob, w);
        audit.record("core.thing.done", AuditTarget.NONE, "");

        login(newOperator());
        AuditPeople.Erasure erased = audit.erase(bob.email(), "Asked by " + bob.email() + " on " + unique());

        var entry = audit.find(Scope.INSTALL, new Filter(null, "core.audit.person_erased", null, null), 0, 1)
                .getFirst();
        assertThat(entry.details()).contains("Asked by " + erased.pseudonym()).doesNotContain(bob.email());
    }

    @Test
    void erasing_needs_an_operator_an_email_and_a_reason() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        assertThatThrownBy(() -> audit.erase("someone@example.test", "because"))
                .isInstanceOf(PermissionDeniedException.class);

        login(newOperator());
        assertThatThrownBy(() -> audit.erase("someone@example.test", "  "))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors())
                                .extracting(InvalidInputException.FieldError::field)
                                .containsExactly("reason"));
        assertThatThrownBy(() -> audit.erase("not an address", "x".repeat(501)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors())
                                .extracting(InvalidInputException.FieldError::field)
                                .containsExactly("email", "reason"));
    }

    @Test
    void the_install_wide_log_is_for_operators_only() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);

        assertThatThrownBy(() -> audit.find(Scope.INSTALL, Filter.ALL, 0, 10))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> audit.verify(Scope.INSTALL)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> audit.exportJsonLines(Scope.INSTALL, Filter.ALL, new StringWriter()))
                .isInstanceOf(PermissionDeniedException.class);
    }
}
