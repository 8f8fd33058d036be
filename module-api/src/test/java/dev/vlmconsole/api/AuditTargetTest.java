package dev.vlmconsole.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditTargetTest {

    private static final UUID ID = UUID.fromString("6f1c0000-0000-4000-8000-000000000001");

    @ParameterizedTest
    @ValueSource(strings = {"api_key", "user", "workspace", "other", "webhooks.endpoint", "billing.invoice_line", "a1"})
    void types_are_a_short_word_or_module_dot_thing(String type) {
        assertThat(AuditTarget.of(type, "1").type()).isEqualTo(type);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "API_KEY",
                "Webhooks.endpoint",
                "1user",
                "_user",
                "a..b",
                "a.b.c",
                "a.",
                ".a",
                "api key",
                "api-key",
                "none.thing!"
            })
    void other_types_are_refused(String type) {
        assertThatThrownBy(() -> AuditTarget.of(type, "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void types_longer_than_64_characters_are_refused() {
        assertThat(AuditTarget.of("a".repeat(64), "1").type()).hasSize(64);
        assertThatThrownBy(() -> AuditTarget.of("a".repeat(65), "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_id_is_stripped_and_must_not_be_blank_or_too_long() {
        assertThat(AuditTarget.of("user", "  42 ").id()).isEqualTo("42");
        assertThatThrownBy(() -> AuditTarget.of("user", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditTarget.of("user", "x".repeat(301))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditTarget("user", null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new AuditTarget(null, "1", "x")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void a_missing_label_is_derived_and_a_long_one_cut() {
        assertThat(AuditTarget.apiKey(ID, null).label()).isEqualTo("api_key " + ID);
        assertThat(AuditTarget.user(ID, "  ").label()).isEqualTo("user " + ID);
        assertThat(AuditTarget.workspace(ID, " Acme ").label()).isEqualTo("Acme");
        assertThat(AuditTarget.of("webhooks.endpoint", ID, "x".repeat(400)).label())
                .hasSize(300);
    }

    @Test
    void the_factories_name_the_well_known_types_by_uuid() {
        assertThat(AuditTarget.apiKey(ID, "ci (vlm_ab12)"))
                .isEqualTo(new AuditTarget("api_key", ID.toString(), "ci (vlm_ab12)"));
        assertThat(AuditTarget.user(ID, "Ann")).isEqualTo(new AuditTarget("user", ID.toString(), "Ann"));
        assertThat(AuditTarget.workspace(ID, "Acme")).isEqualTo(new AuditTarget("workspace", ID.toString(), "Acme"));
    }

    @Test
    void none_is_reserved() {
        assertThat(AuditTarget.NONE.isNone()).isTrue();
        assertThat(AuditTarget.NONE.label()).isEmpty();
        assertThat(AuditTarget.of("user", "none").isNone()).isFalse();
        assertThatThrownBy(() -> AuditTarget.of("none", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditTarget("none", "none", "something"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new AuditTarget("none", "none", null)).isEqualTo(AuditTarget.NONE);
    }

    @Test
    void the_target_strings_of_module_api_1_0_map_to_types_and_keep_themselves_as_label() {
        assertThat(AuditTarget.fromLegacy("api_key:" + ID))
                .isEqualTo(new AuditTarget("api_key", ID.toString(), "api_key:" + ID));
        assertThat(AuditTarget.fromLegacy("user " + ID))
                .isEqualTo(new AuditTarget("user", ID.toString(), "user " + ID));
        assertThat(AuditTarget.fromLegacy("user ann@example.com"))
                .isEqualTo(new AuditTarget("user", "ann@example.com", "user ann@example.com"));
        assertThat(AuditTarget.fromLegacy("workspace Acme Corp"))
                .isEqualTo(new AuditTarget("workspace", "Acme Corp", "workspace Acme Corp"));
        assertThat(AuditTarget.fromLegacy("endpoint " + ID))
                .isEqualTo(new AuditTarget("webhooks.endpoint", ID.toString(), "endpoint " + ID));
        assertThat(AuditTarget.fromLegacy(" key 6f1c ")).isEqualTo(new AuditTarget("other", "key 6f1c", "key 6f1c"));
        assertThat(AuditTarget.fromLegacy("api_key:")).isEqualTo(new AuditTarget("other", "api_key:", "api_key:"));
        assertThat(AuditTarget.fromLegacy("user ")).isEqualTo(new AuditTarget("other", "user", "user"));
        assertThat(AuditTarget.fromLegacy("t".repeat(400)).id()).hasSize(300);
        assertThat(AuditTarget.fromLegacy("")).isSameAs(AuditTarget.NONE);
        assertThat(AuditTarget.fromLegacy(null)).isSameAs(AuditTarget.NONE);
    }

    @Test
    @SuppressWarnings("deprecation")
    void entries_and_records_built_the_1_0_way_carry_the_mapped_target_and_give_the_string_back() {
        AuditEntry entry = new AuditEntry(ID, Actor.SYSTEM, "keys.key.revoked", "api_key:" + ID, null, null);
        assertThat(entry.subject()).isEqualTo(AuditTarget.fromLegacy("api_key:" + ID));
        assertThat(entry.target()).isEqualTo("api_key:" + ID);
        assertThat(new AuditEntry(ID, Actor.SYSTEM, "core.checked", (String) null, "", "").subject())
                .isSameAs(AuditTarget.NONE);
        assertThat(new AuditEntry(ID, Actor.SYSTEM, "core.checked", (AuditTarget) null, "", "").target())
                .isEmpty();

        AuditLog.AuditRecord record =
                new AuditLog.AuditRecord(Instant.EPOCH, "system", "keys.key.revoked", "api_key:" + ID, "");
        assertThat(record.subject().type()).isEqualTo("api_key");
        assertThat(record.target()).isEqualTo("api_key:" + ID);
        AuditLog.AuditRecord typed = new AuditLog.AuditRecord(
                Instant.EPOCH, "system", "keys.key.revoked", AuditTarget.apiKey(ID, "ci (vlm_ab12)"), "");
        assertThat(typed.target()).isEqualTo("ci (vlm_ab12)");
    }
}
