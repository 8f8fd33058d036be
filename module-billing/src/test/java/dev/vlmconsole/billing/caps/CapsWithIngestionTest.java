package dev.vlmconsole.billing.caps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.KeyCatalog.KeyFacts;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.billing.ledger.JooqLedger;
import dev.vlmconsole.billing.usage.JooqUsageIngestion;
import dev.vlmconsole.billing.usage.UsageIngestion;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Caps behind the real ledger and ingestion: usage events reported by the gateway block the workspace
 * at its hard limit and a key at its budget, and the entitlements verification reads follow.
 */
class CapsWithIngestionTest {

    CapsFixture f;
    UsageIngestion ingestion;
    UUID ws;
    KeyFacts chat;
    KeyFacts batch;
    int events;

    @BeforeEach
    void setUp() {
        f = new CapsFixture(ModuleDatabase.h2());
        TestWorkspace workspace = f.members.newWorkspace();
        f.members.newMember(workspace, Role.OWNER);
        ws = workspace.id();
        chat = new KeyFacts(UUID.randomUUID(), ws, "chat", "vlm_live_Chat", null, true);
        batch = new KeyFacts(UUID.randomUUID(), ws, "batch", "vlm_live_Bat", null, true);
        JooqLedger ledger = new JooqLedger(f.db, f.database.transactionManager(), f.clock, ZoneOffset.UTC);
        ingestion = new JooqUsageIngestion(
                f.db,
                f.database.transactionManager(),
                ledger,
                () -> new Keys(List.of(chat, batch)),
                () -> f.caps,
                f.clock);
        ledger.balance(ws); // opens the account on Pay-as-you-go, without credits
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    void use(KeyFacts key, String credits) {
        ingestion.ingest(List.of(
                new UsageIngestion.Event("e" + (++events), key.keyId(), new BigDecimal(credits), f.clock.instant())));
        f.cache.awaitIdle(Duration.ofSeconds(5));
    }

    @Test
    void ingested_usage_reaches_the_hard_limit_and_the_entitlements_follow() {
        f.limit(ws, "1", true); // $1 at $0.01 a credit: 100 credits of overage
        use(chat, "60");
        use(batch, "39.999999");
        assertThat(f.cache.entitlementsOf(ws, chat.keyId()).hasCredits()).isTrue();
        use(batch, "0.000001");
        assertThat(f.blocked(ws)).isTrue();
        assertThat(f.cache.entitlementsOf(ws, chat.keyId()).hasCredits()).isFalse();
        use(chat, "5"); // usage after the cap still counts
        assertThat(f.published(ws)).isEqualTo(1);
        assertThat(f.mail.sent())
                .as("the Owner, once at each threshold")
                .extracting(MailMessage::subject)
                .hasSize(3)
                .allMatch(subject -> subject.endsWith("% of the monthly spending limit reached"))
                .anyMatch(subject -> subject.contains(": 50%"))
                .anyMatch(subject -> subject.contains(": 80%"))
                .anyMatch(subject -> subject.contains(": 100%"));
    }

    @Test
    void a_key_budget_is_spent_by_its_own_ingested_usage_only() {
        f.budget(ws, chat.keyId(), "50");
        use(batch, "80");
        use(chat, "49.5");
        assertThat(f.cache.entitlementsOf(ws, chat.keyId()).hasCredits()).isTrue();
        use(chat, "0.5");
        assertThat(f.cache.entitlementsOf(ws, chat.keyId()).hasCredits()).isFalse();
        assertThat(f.cache.entitlementsOf(ws, batch.keyId()).hasCredits()).isTrue();
    }

    /** The keys module's catalog, for two keys. */
    record Keys(List<KeyFacts> all) implements KeyCatalog {
        @Override
        public Map<UUID, KeyFacts> find(Collection<UUID> keyIds) {
            Map<UUID, KeyFacts> found = new HashMap<>();
            for (KeyFacts k : all) {
                if (keyIds.contains(k.keyId())) {
                    found.put(k.keyId(), k);
                }
            }
            return found;
        }

        @Override
        public List<KeyFacts> keysOf(UUID workspaceId) {
            return new ArrayList<>(all);
        }

        @Override
        public Map<LocalDate, Long> dailyRequests(
                UUID workspaceId, UUID keyId, String project, LocalDate from, LocalDate to) {
            return Map.of();
        }
    }
}
