package dev.vlmconsole.keys.catalog;

import static dev.vlmconsole.keys.db.Tables.API_KEYS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.KeyCatalog.KeyFacts;
import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.KeysContexts;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/** The keys module's {@link KeyCatalog}: facts of keys by id (from memory once read), keys of a workspace, requests per day. */
class KeysCatalogTest {

    final ModuleTestContext spring = KeysContexts.h2();
    final KeyCatalog catalog = spring.bean(KeyCatalog.class);
    final KeyService keys = spring.bean(KeyService.class);
    final KeyRepository repository = spring.bean(KeyRepository.class);
    final TransactionTemplate tx = spring.database().tx();
    TestWorkspace workspace;

    @BeforeEach
    void signInAnOwner() {
        workspace = spring.members().newWorkspace();
        spring.consoleContext().signIn(spring.members().newMember(workspace, Role.OWNER), workspace);
    }

    private KeyService.KeyWithSecret key(String name, String project) {
        return keys.create(new KeyService.NewKey(name, project, null, "inference"));
    }

    @Test
    void the_catalog_bean_is_the_keys_modules() {
        assertThat(catalog).isInstanceOf(KeysCatalog.class);
    }

    @Test
    void find_answers_the_issued_keys_in_any_state_and_leaves_out_ids_never_issued() {
        var ingest = key("ingest", "etl").key();
        var revoked = key("old", null).key();
        keys.revoke(revoked.id());
        UUID never = UUID.randomUUID();

        Map<UUID, KeyFacts> found = catalog.find(List.of(ingest.id(), revoked.id(), never, ingest.id()));

        assertThat(found).containsOnlyKeys(ingest.id(), revoked.id());
        assertThat(found.get(ingest.id()))
                .isEqualTo(new KeyFacts(ingest.id(), workspace.id(), "ingest", ingest.displayPrefix(), "etl", true));
        assertThat(found.get(revoked.id()).active()).isFalse();
        assertThat(found.get(revoked.id()).project()).isNull();
    }

    @Test
    void found_keys_are_remembered_and_forgotten_when_the_feed_says_they_changed() {
        var k = key("to-revoke", null).key();
        KeysCatalog memory = (KeysCatalog) catalog;
        assertThat(catalog.find(List.of(k.id())).get(k.id()).active()).isTrue();
        assertThat(memory.remembers(k.id())).isTrue();

        keys.revoke(k.id()); // announced on the key feed after commit

        assertThat(memory.remembers(k.id())).isFalse();
        assertThat(catalog.find(List.of(k.id())).get(k.id()).active()).isFalse();
        keys.rename(k.id(), "renamed");
        assertThat(catalog.find(List.of(k.id())).get(k.id()).name()).isEqualTo("renamed");
    }

    @Test
    void a_key_that_expires_is_inactive_from_then_on_even_while_remembered() throws Exception {
        var k = keys.create(new KeyService.NewKey("short", null, Instant.now().plusMillis(1500), "inference"))
                .key();
        assertThat(catalog.find(List.of(k.id())).get(k.id()).active()).isTrue();
        assertThat(((KeysCatalog) catalog).remembers(k.id())).isTrue();

        Thread.sleep(Math.max(0, k.expiresAt().toEpochMilli() - System.currentTimeMillis() + 50));

        assertThat(((KeysCatalog) catalog).remembers(k.id()))
                .as("no feed message for an expiry")
                .isTrue();
        assertThat(catalog.find(List.of(k.id())).get(k.id()).active()).isFalse();
    }

    @Test
    void keys_of_a_workspace_are_every_key_newest_first_and_only_its_own() {
        var first = key("first", null).key();
        var second = key("second", null).key();
        keys.revoke(first.id());
        TestWorkspace other = spring.members().newWorkspace();
        spring.consoleContext().signIn(spring.members().newMember(other, Role.OWNER), other);
        key("elsewhere", null);

        List<KeyFacts> of = catalog.keysOf(workspace.id());

        assertThat(of).extracting(KeyFacts::name).containsExactly("second", "first");
        assertThat(of).extracting(KeyFacts::active).containsExactly(true, false);
        assertThat(of.getFirst().keyId()).isEqualTo(second.id());
    }

    @Test
    void daily_requests_sum_the_counted_verifications_by_key_and_project_and_stay_in_the_workspace() {
        var a = key("a", "etl").key();
        var b = key("b", "etl").key();
        var c = key("c", "web").key();
        LocalDate d1 = LocalDate.of(2026, 3, 1);
        LocalDate d2 = d1.plusDays(1);
        Instant at = Instant.parse("2026-03-02T10:00:00Z");
        tx.executeWithoutResult(s -> {
            repository.addUsage(a.id(), d1, 3, at);
            repository.addUsage(b.id(), d1, 4, at);
            repository.addUsage(c.id(), d2, 5, at);
            repository.addUsage(a.id(), d2.plusDays(10), 100, at); // outside the range asked
        });
        TestWorkspace other = spring.members().newWorkspace();
        spring.consoleContext().signIn(spring.members().newMember(other, Role.OWNER), other);
        var foreign = key("foreign", "etl").key();
        tx.executeWithoutResult(s -> repository.addUsage(foreign.id(), d1, 1000, at));

        UUID ws = workspace.id();
        assertThat(catalog.dailyRequests(ws, null, null, d1, d2)).isEqualTo(Map.of(d1, 7L, d2, 5L));
        assertThat(catalog.dailyRequests(ws, a.id(), null, d1, d2)).isEqualTo(Map.of(d1, 3L));
        assertThat(catalog.dailyRequests(ws, null, "etl", d1, d2)).isEqualTo(Map.of(d1, 7L));
        assertThat(catalog.dailyRequests(ws, null, "web", d1, d2)).isEqualTo(Map.of(d2, 5L));
        assertThat(catalog.dailyRequests(ws, foreign.id(), null, d1, d2))
                .as("another workspace's key")
                .isEmpty();
        assertThat(catalog.dailyRequests(ws, null, null, d2, d1)).isEmpty();
    }

    @Test
    void find_by_prefix_finds_keys_by_their_shown_prefix_in_any_state_and_only_from_form_and_four_characters() {
        var live = key("live", null).key();
        var revoked = key("revoked", null).key();
        keys.revoke(revoked.id());
        String shown = live.displayPrefix(); // vlm_live_AbCd

        assertThat(catalog.findByPrefix(shown, 10)).extracting(KeyFacts::keyId).containsExactly(live.id());
        assertThat(catalog.findByPrefix(revoked.displayPrefix(), 10))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.workspaceId()).isEqualTo(workspace.id());
                    assertThat(f.active()).isFalse();
                });
        assertThat(catalog.findByPrefix("  " + shown + "XyZ0123 ", 10))
                .as("more of the key than it shows, read out by a customer")
                .extracting(KeyFacts::keyId)
                .containsExactly(live.id());
        assertThat(catalog.findByPrefix(shown.substring(0, shown.length() - 1), 10))
                .as("three characters after the form")
                .isEmpty();
        assertThat(catalog.findByPrefix(swapCase(shown), 10))
                .as("case-sensitive")
                .isEmpty();
        assertThat(catalog.findByPrefix(shown.substring("vlm_live_".length()), 10))
                .as("without the form")
                .isEmpty();
        assertThat(catalog.findByPrefix(shown, 0)).isEmpty();
        assertThat(catalog.findByPrefix(null, 10)).isEmpty();
    }

    @Test
    void find_by_prefix_answers_at_most_the_limit_newest_first() {
        String shown = key("one", null).key().displayPrefix();
        // two keys sharing a shown prefix, as 62^4 prefixes make likely in a large install
        var twin = key("twin", null).key();
        tx.executeWithoutResult(s -> spring.database()
                .dsl()
                .update(API_KEYS)
                .set(API_KEYS.DISPLAY_PREFIX, shown)
                .where(API_KEYS.ID.eq(twin.id()))
                .execute());

        assertThat(catalog.findByPrefix(shown, 10)).hasSize(2);
        assertThat(catalog.findByPrefix(shown, 1)).hasSize(1);
    }

    private static String swapCase(String shown) {
        String form = "vlm_live_";
        StringBuilder b = new StringBuilder(form);
        for (char c : shown.substring(form.length()).toCharArray()) {
            b.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        String swapped = b.toString();
        // a shown prefix of digits only has no other case: make it differ anyway
        return swapped.equals(shown) ? form + "zzzz" : swapped;
    }
}
