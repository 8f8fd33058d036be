package dev.vlmconsole.app.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.dao.DuplicateKeyException;

/** The {@code users} table; run on H2 and PostgreSQL by the subclasses. */
@Transactional
abstract class UserRepositoryTests {

    @Autowired
    UserRepository users;

    private static String unique(String local) {
        return local + "-" + UUID.randomUUID() + "@Example.com";
    }

    @Test
    void a_person_is_found_by_email_whatever_its_case_and_surrounding_spaces() {
        String email = unique("Alice");
        UUID id = users.insert(email, "Alice", "{bcrypt}hash", false);

        UserRepository.UserRow row = users.findByEmail("  " + email.toUpperCase() + " ").orElseThrow();

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
        users.touchLastActive(id);

        UserRepository.UserRow row = users.findById(id).orElseThrow();
        assertThat(row.displayName()).isEqualTo("Carol C.");
        assertThat(row.passwordHash()).isEqualTo("{bcrypt}new");
        assertThat(row.operator()).isTrue();
        assertThat(row.version()).isEqualTo(2);
    }
}
