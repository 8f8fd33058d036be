package dev.vlmconsole.app.operators;

import static dev.vlmconsole.app.db.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.app.operators.OperatorRepository.Person;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.RecordingAuditLog;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestPerson;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Granting and withdrawing the operator flag, on a database of its own (the console's real core
 * migrations) so that the install's operators are exactly the test's: reason required, audited
 * install-wide as an operator action, never the last operator's, and two withdrawals at once cannot
 * leave none.
 */
class OperatorPeopleTest {

    final ModuleDatabase database = ModuleDatabase.h2().migrate("core", "classpath:db/migration/core");
    final TestMembers members = new TestMembers();
    final FakeConsoleContext context = new FakeConsoleContext(members);
    final RecordingAuditLog audit = new RecordingAuditLog(context);
    final OperatorPeople people = new OperatorPeople(new OperatorRepository(database.dsl()), context, audit);

    @AfterEach
    void close() {
        database.close();
    }

    private TestPerson person(boolean operator) {
        TestPerson p = operator ? members.newOperator() : members.newPerson();
        database.dsl()
                .insertInto(USERS)
                .set(USERS.ID, p.id())
                .set(USERS.EMAIL, p.email())
                .set(USERS.DISPLAY_NAME, p.displayName())
                .set(USERS.PASSWORD_HASH, "")
                .set(USERS.OPERATOR, operator)
                .set(USERS.CREATED_AT, OffsetDateTime.now())
                .execute();
        return p;
    }

    private <T> T inTx(Supplier<T> work) {
        return database.tx().execute(s -> work.get());
    }

    private boolean isOperator(TestPerson p) {
        return database.dsl()
                .select(USERS.OPERATOR)
                .from(USERS)
                .where(USERS.ID.eq(p.id()))
                .fetchOne(USERS.OPERATOR);
    }

    @Test
    void an_operator_grants_the_flag_by_email_with_a_reason_recorded_install_wide_as_an_operator_action() {
        TestPerson me = person(true);
        TestPerson other = person(false);
        context.signIn(me);

        Person granted = inTx(() -> people.grant("  " + other.email().toUpperCase() + " ", "  Joins support  "));

        assertThat(granted.id()).isEqualTo(other.id());
        assertThat(isOperator(other)).isTrue();
        assertThat(inTx(people::list)).extracting(Person::id).containsExactlyInAnyOrder(me.id(), other.id());
        AuditEntry entry = audit.last();
        assertThat(entry.workspaceId()).as("install-wide").isNull();
        assertThat(entry.action()).isEqualTo(OperatorPeople.GRANTED);
        assertThat(entry.actor().operator()).isTrue();
        assertThat(entry.actor().id()).isEqualTo(me.id());
        assertThat(entry.subject())
                .isEqualTo(AuditTarget.user(other.id(), other.displayName() + " <" + other.email() + ">"));
        assertThat(entry.details()).isEqualTo("Reason: Joins support");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void a_grant_without_a_reason_is_refused_naming_the_field_and_changes_nothing(String reason) {
        context.signIn(person(true));
        TestPerson other = person(false);

        assertThatThrownBy(() -> inTx(() -> people.grant(other.email(), reason)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.messageFor("reason")).isPresent());
        assertThatThrownBy(() -> inTx(() -> people.grant(other.email(), "x".repeat(501))))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.messageFor("reason")).isPresent());
        assertThat(isOperator(other)).isFalse();
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void a_grant_to_nobody_or_to_an_operator_is_refused_naming_the_email() {
        TestPerson me = person(true);
        context.signIn(me);

        assertThatThrownBy(() -> inTx(() -> people.grant("nobody@example.test", "why")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.messageFor("email"))
                                .hasValue("Nobody has an account with nobody@example.test: they sign up first."));
        assertThatThrownBy(() -> inTx(() -> people.grant(me.email(), "why")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.messageFor("email"))
                                .hasValueSatisfying(m -> assertThat(m).endsWith("is an operator already.")));
        assertThatThrownBy(() -> inTx(() -> people.grant("", "")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors())
                                .extracting(InvalidInputException.FieldError::field)
                                .containsExactly("email", "reason"));
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void withdrawing_needs_a_reason_and_is_audited_and_the_last_operator_keeps_the_flag() {
        TestPerson me = person(true);
        TestPerson other = person(true);
        context.signIn(me);

        assertThatThrownBy(() -> inTx(() -> people.withdraw(other.id(), " ")))
                .isInstanceOf(InvalidInputException.class);
        assertThat(inTx(() -> people.withdraw(other.id(), "Left the company"))).isTrue();
        assertThat(isOperator(other)).isFalse();
        assertThat(audit.last().action()).isEqualTo(OperatorPeople.WITHDRAWN);
        assertThat(audit.last().workspaceId()).isNull();
        assertThat(audit.last().actor().operator()).isTrue();
        assertThat(inTx(() -> people.withdraw(other.id(), "again")))
                .as("not an operator: nothing to do")
                .isFalse();

        assertThatThrownBy(() -> inTx(() -> people.withdraw(me.id(), "Leaving")))
                .as("one's own, as the last operator")
                .isInstanceOf(LastOperatorException.class);
        assertThat(isOperator(me)).isTrue();
        assertThat(audit.entries()).hasSize(1);
    }

    @Test
    void an_operator_may_withdraw_their_own_flag_while_another_remains() {
        TestPerson me = person(true);
        TestPerson other = person(true);
        context.signIn(me);

        assertThat(inTx(() -> people.withdraw(me.id(), "Moving to engineering")))
                .isTrue();

        assertThat(isOperator(me)).isFalse();
        assertThat(isOperator(other)).isTrue();
    }

    @Test
    void two_operators_withdrawing_each_other_at_once_leave_one() throws Exception {
        TestPerson a = person(true);
        TestPerson b = person(true);
        FakeConsoleContext contextB = new FakeConsoleContext(members);
        contextB.signIn(b);
        OperatorPeople peopleB =
                new OperatorPeople(new OperatorRepository(database.dsl()), contextB, new RecordingAuditLog(contextB));
        context.signIn(a);
        CountDownLatch start = new CountDownLatch(1);

        CompletableFuture<Boolean> byA =
                CompletableFuture.supplyAsync(() -> attempt(start, () -> people.withdraw(b.id(), "a")));
        CompletableFuture<Boolean> byB =
                CompletableFuture.supplyAsync(() -> attempt(start, () -> peopleB.withdraw(a.id(), "b")));
        start.countDown();

        List<Boolean> done = List.of(byA.get(20, TimeUnit.SECONDS), byB.get(20, TimeUnit.SECONDS));
        assertThat(done).containsExactlyInAnyOrder(true, false);
        assertThat(isOperator(a) || isOperator(b)).isTrue();
    }

    private boolean attempt(CountDownLatch start, Supplier<Boolean> withdraw) {
        try {
            start.await();
            return inTx(withdraw);
        } catch (LastOperatorException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void nobody_but_an_operator_sees_or_changes_the_flags() {
        TestPerson plain = person(false);
        TestPerson operator = person(true);
        context.signIn(plain);

        assertThatThrownBy(() -> inTx(people::list)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> inTx(() -> people.grant(plain.email(), "self-service")))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> inTx(() -> people.withdraw(operator.id(), "coup")))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(isOperator(plain)).isFalse();
        assertThat(isOperator(operator)).isTrue();
    }
}
