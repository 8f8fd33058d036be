package dev.vlmconsole.app.account;

import static dev.vlmconsole.app.db.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.annotation.Transactional;

/** The {@code users} table; run on H2 and PostgreSQL by the subclasses. */
@Transactional
abstract class UserRepositoryTests {

    @Autowired
    UserRepository users;

    @Autowired
    DSLContext db;

    private static String unique(String local) {
        return local + "-" + UUID.randomUUID() + "@Example.com";
    }

    @Test
    void a_person_is_found_by_email_whatever_its_case_and_surrounding_spaces() {
        String email = unique("Alice");
        UUID id = users.insert(email, "Alice", "{bcrypt}hash", false);

        UserRepository.UserRow row =
                users.findByEmail("  " + email.toUpperCase() + " ").orElseThrow();

        assertThat(row.id()).isEqualTo(id);
        assertThat(row.email()).isEqualTo(email.toLowerCase());
        assertThat(row.displayName()).isEqualTo("Alice");
        assertThat(row.passwordHash()).isEqualTo("{bcrypt}hash");
        assertThat(row.operator()).isFalse();
        assertThat(row.version()).isZero();
        assertThat(users.findById(id)).contains(row);
        assertThat(users.anyExists()).isTrue();
    }

    @Test
    void an_unknown_email_or_id_finds_nobody() {
        assertThat(users.findByEmail(unique("nobody"))).isEmpty();
        assertThat(users.findById(UUID.randomUUID())).isEmpty();
    }

    @Test
    void an_email_is_registered_once_even_in_another_case() {
        String email = unique("bob");
        users.insert(email, "Bob", "{bcrypt}hash", false);

        assertThatThrownBy(() -> users.insert(email.toUpperCase(), "Other Bob", "{bcrypt}hash", false))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void renaming_and_a_new_password_bump_the_version() {
        UUID id = users.insert(unique("carol"), "Carol", "{bcrypt}old", true);

        users.updateName(id, "Carol C.");
        users.updatePasswordHash(id, "{bcrypt}new");

        UserRepository.UserRow row = users.findById(id).orElseThrow();
        assertThat(row.displayName()).isEqualTo("Carol C.");
        assertThat(row.passwordHash()).isEqualTo("{bcrypt}new");
        assertThat(row.operator()).isTrue();
        assertThat(row.version()).isEqualTo(2);
    }

    @Test
    void last_active_times_move_forward_in_one_batch_and_never_back() {
        UUID dana = users.insert(unique("dana"), "Dana", "{bcrypt}hash", false);
        UUID erin = users.insert(unique("erin"), "Erin", "{bcrypt}hash", false);
        Instant noon = Instant.parse("2026-03-01T12:00:00Z");

        users.touchLastActive(Map.of(dana, noon, erin, noon.minusSeconds(60)));
        users.touchLastActive(Map.of(dana, noon.minusSeconds(30), erin, noon));

        assertThat(lastActive(dana)).isEqualTo(noon);
        assertThat(lastActive(erin)).isEqualTo(noon);
        assertThat(users.findById(dana).orElseThrow().version())
                .as("not an edit of the person")
                .isZero();
    }

    private Instant lastActive(UUID id) {
        OffsetDateTime at = db.select(USERS.LAST_ACTIVE_AT)
                .from(USERS)
                .where(USERS.ID.eq(id))
                .fetchOne(USERS.LAST_ACTIVE_AT);
        return at == null ? null : at.toInstant();
    }
}
