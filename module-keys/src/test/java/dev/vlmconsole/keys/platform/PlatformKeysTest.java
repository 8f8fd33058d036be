package dev.vlmconsole.keys.platform;

import static dev.vlmconsole.keys.db.Tables.PLATFORM_KEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.PlatformKeyAuthenticator;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeysContexts;
import dev.vlmconsole.keys.SecretHasher;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.RecordingAuditLog;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Platform keys in the keys module: who manages them, what they authenticate, how they are stored and audited. */
class PlatformKeysTest {

    final ModuleTestContext spring = KeysContexts.h2();
    final FakeConsoleContext context = spring.consoleContext();
    final PlatformKeyService keys = spring.bean(PlatformKeyService.class);
    final PlatformKeyAuthenticator authenticator = spring.bean(PlatformKeyAuthenticator.class);
    final PlatformKeyVerifier verifier = spring.bean(PlatformKeyVerifier.class);
    final KeyFormat format = spring.bean(KeyFormat.class);
    final RecordingAuditLog audit = (RecordingAuditLog) spring.audit();
    TestPerson operator;

    @BeforeEach
    void signInAnOperator() {
        operator = spring.members().newOperator();
        context.signIn(operator);
    }

    @Test
    void the_authenticator_bean_is_the_keys_modules_verifier() {
        assertThat(authenticator).isSameAs(verifier);
    }

    @Test
    void an_operator_creates_a_key_that_authenticates_with_its_scopes_and_only_its_hash_is_stored() {
        var created = keys.create("Gateway eu-west", Set.of("usage", "verify"));

        assertThat(created.secret()).matches("vlm_svc_[0-9A-Za-z]{38}");
        assertThat(created.key().displayPrefix()).isEqualTo(created.secret().substring(0, 12));
        assertThat(created.key().createdBy()).contains(operator.email());
        PlatformKeyPrincipal principal =
                authenticator.authenticate(created.secret()).orElseThrow();
        assertThat(principal.keyId()).isEqualTo(created.key().id());
        assertThat(principal.name()).isEqualTo("Gateway eu-west");
        assertThat(principal.scopes()).containsExactlyInAnyOrder("usage", "verify");
        assertThat(authenticator.isPlatformKeyShaped(created.secret())).isTrue();
        String stored = spring.database()
                .dsl()
                .select(PLATFORM_KEYS.SECRET_HASH)
                .from(PLATFORM_KEYS)
                .where(PLATFORM_KEYS.ID.eq(created.key().id()))
                .fetchSingle(PLATFORM_KEYS.SECRET_HASH);
        assertThat(stored).isEqualTo(spring.bean(SecretHasher.class).hash(created.secret()));
        assertThat(stored).doesNotContain(created.secret().substring(8, 20));
        assertThat(keys.list())
                .extracting(PlatformKey::id)
                .contains(created.key().id());
    }

    @Test
    void anything_but_an_active_platform_key_is_refused() {
        var workspaceKeyShape = format.generate(KeyFormat.Scope.ADMIN);

        assertThat(authenticator.authenticate(format.generatePlatform())).isEmpty(); // well formed, never issued
        assertThat(authenticator.authenticate(workspaceKeyShape)).isEmpty();
        assertThat(authenticator.isPlatformKeyShaped(workspaceKeyShape)).isFalse();
        assertThat(authenticator.authenticate("vlm_svc_nonsense")).isEmpty();
        assertThat(authenticator.authenticate(null)).isEmpty();
        String real = keys.create("Real", Set.of("usage")).secret();
        String badChecksum = real.substring(0, real.length() - 1) + (real.endsWith("A") ? "B" : "A");
        assertThat(authenticator.authenticate(badChecksum)).isEmpty();
    }

    @Test
    void revoking_refuses_the_key_from_its_next_call_and_a_second_revoke_changes_nothing() {
        var created = keys.create("Short-lived", Set.of("usage"));
        assertThat(authenticator.authenticate(created.secret())).isPresent(); // now remembered

        assertThat(keys.revoke(created.key().id())).isTrue();

        assertThat(authenticator.authenticate(created.secret())).isEmpty();
        assertThat(keys.revoke(created.key().id())).isFalse();
        PlatformKey listed = keys.list().stream()
                .filter(k -> k.id().equals(created.key().id()))
                .findFirst()
                .orElseThrow();
        assertThat(listed.active()).isFalse();
        assertThat(listed.revokedAt()).isNotNull();
        assertThatThrownBy(() -> keys.revoke(UUID.randomUUID())).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void creation_and_revocation_are_audited_install_wide_without_the_secret() {
        audit.clear();
        context.setSourceAddress("203.0.113.9");
        var created = keys.create("Audited", Set.of("operator"));
        keys.revoke(created.key().id());

        List<AuditEntry> entries = audit.entries();
        assertThat(entries)
                .extracting(AuditEntry::action)
                .containsExactly("keys.platform_key.created", "keys.platform_key.revoked");
        for (AuditEntry e : entries) {
            assertThat(e.workspaceId()).isNull();
            assertThat(e.actor().id()).isEqualTo(operator.id());
            assertThat(e.subject().type()).isEqualTo(PlatformKeyService.AUDIT_TARGET);
            assertThat(e.subject().id()).isEqualTo(created.key().id().toString());
            assertThat(e.sourceAddress()).isEqualTo("203.0.113.9");
            assertThat(e.details() + e.subject().label()).doesNotContain(created.secret());
        }
        assertThat(entries.get(0).details()).contains("scopes operator");
        context.setSourceAddress(null);
    }

    @Test
    void only_operators_manage_platform_keys_not_owners_and_never_keys() {
        var existing = keys.create("Existing", Set.of("usage"));
        TestWorkspace w = spring.members().newWorkspace();
        TestPerson owner = spring.members().newMember(w, Role.OWNER);
        context.signIn(owner, w);

        assertThatThrownBy(keys::list).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> keys.create("Mine", Set.of("usage"))).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> keys.revoke(existing.key().id())).isInstanceOf(PermissionDeniedException.class);

        context.useApiKey(new ApiKeyPrincipal(UUID.randomUUID(), w.id(), owner.id(), "admin", Set.of("admin")));
        assertThatThrownBy(keys::list).isInstanceOf(PermissionDeniedException.class);
        context.usePlatformKey(new PlatformKeyPrincipal(existing.key().id(), "Existing", Set.of("operator")));
        assertThatThrownBy(keys::list).isInstanceOf(PermissionDeniedException.class);
        assertThat(context.workspace()).isEmpty();

        context.signIn(operator);
        assertThat(authenticator.authenticate(existing.secret())).isPresent();
    }

    @Test
    void a_name_and_at_least_one_known_scope_are_required_and_each_refusal_is_named() {
        assertThatThrownBy(() -> keys.create(" ", Set.of()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors())
                                .extracting(InvalidInputException.FieldError::field)
                                .containsExactlyInAnyOrder("name", "scopes"));
        assertThatThrownBy(() -> keys.create("Fine", Set.of("usage", "billing")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors())
                                .extracting(InvalidInputException.FieldError::field)
                                .containsExactly("scopes"));
        assertThatThrownBy(() -> keys.create("x".repeat(51), Set.of("usage")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void the_bootstrap_key_is_installed_once_with_every_scope_and_audited_as_the_system() {
        String secret = format.generatePlatform();
        audit.clear();
        context.signOut(); // first run acts before anyone signs in

        assertThat(keys.install(secret, "Bootstrap platform key")).isTrue();
        assertThat(keys.install(secret, "Bootstrap platform key")).isFalse();

        PlatformKeyPrincipal p = authenticator.authenticate(secret).orElseThrow();
        assertThat(p.scopes()).isEqualTo(PlatformKeyPrincipal.ALL_SCOPES);
        assertThat(audit.entries()).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(Actor.SYSTEM);
            assertThat(e.workspaceId()).isNull();
            assertThat(e.details()).contains("CONSOLE_BOOTSTRAP_PLATFORM_KEY").doesNotContain(secret);
        });
        context.signIn(operator);
        assertThat(keys.list())
                .filteredOn(k -> k.id().equals(p.keyId()))
                .singleElement()
                .satisfies(k -> assertThat(k.createdBy()).isEqualTo(PlatformKeyService.BOOTSTRAP_CREATOR));
        assertThatThrownBy(() -> keys.install("vlm_svc_short", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_revoked_bootstrap_key_stays_revoked_when_installed_again() {
        String secret = format.generatePlatform();
        keys.install(secret, "Bootstrap platform key");
        UUID id = authenticator.authenticate(secret).orElseThrow().keyId();
        keys.revoke(id);

        assertThat(keys.install(secret, "Bootstrap platform key")).isFalse();
        assertThat(authenticator.authenticate(secret)).isEmpty();
    }

    @Test
    void the_last_use_is_written_by_the_flush_not_by_the_call() {
        var created = keys.create("Busy", Set.of("usage"));
        verifier.flush(); // whatever earlier tests left
        authenticator.authenticate(created.secret());
        assertThat(lastUsed(created.key().id())).isNull();

        verifier.flush();

        assertThat(lastUsed(created.key().id())).isNotNull();
    }

    @Test
    void the_list_shows_active_keys_before_revoked_ones() {
        var revoked = keys.create("Old", Set.of("usage"));
        keys.revoke(revoked.key().id());
        var active = keys.create("New", Set.of("usage"));

        List<UUID> order = keys.list().stream().map(PlatformKey::id).toList();
        assertThat(order.indexOf(active.key().id()))
                .isLessThan(order.indexOf(revoked.key().id()));
    }

    private OffsetDateTime lastUsed(UUID id) {
        return spring.database()
                .dsl()
                .select(PLATFORM_KEYS.LAST_USED_AT)
                .from(PLATFORM_KEYS)
                .where(PLATFORM_KEYS.ID.eq(id))
                .fetchSingle(PLATFORM_KEYS.LAST_USED_AT);
    }
}
