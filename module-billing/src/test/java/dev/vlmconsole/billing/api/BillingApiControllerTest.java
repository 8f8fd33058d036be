package dev.vlmconsole.billing.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/**
 * {@code /api/v1/billing}, its plan, limit, packs and top-ups, and {@code /api/v1/usage/daily}: the
 * issue's JSON shapes, money as {@code {"amount", "currency"}}, amounts accepted as numbers, decimal
 * strings or money objects, reads for every role's admin key and changes for Owners' and Billing
 * members' only.
 */
class BillingApiControllerTest extends BillingApiTestBase {

    @Test
    void billing_answers_exactly_the_issues_shape_with_exact_numbers() throws Exception {
        MvcResult result = http.perform(get("/api/v1/billing"))
                .andExpect(status().isOk())
                .andExpect(content().json("""
                                {"plan": {"id": "pro", "name": "Pro"},
                                 "cycle": {"start": "2026-11-01", "end": "2026-12-01"},
                                 "balance": {"available": 109100.5, "allowance": 99000.5, "grants": 100, "topUps": 10000},
                                 "usage": {"credits": 1000.5, "overageCredits": 0},
                                 "upcomingInvoice": {"amount": 799.00, "currency": "USD"},
                                 "limit": {"amount": null, "hard": false}}
                                """, true))
                .andReturn();
        String body = result.getResponse().getContentAsString();
        assertThat(body)
                .contains("\"available\":109100.5")
                .contains("\"upcomingInvoice\":{\"amount\":799.00,\"currency\":\"USD\"}")
                .doesNotContain("E+");
    }

    @Test
    void every_roles_admin_key_reads_billing_but_only_owners_and_billing_members_change_it() throws Exception {
        for (Role role : Role.values()) {
            useAdminKeyOf(role);
            http.perform(get("/api/v1/billing")).andExpect(status().isOk());
            http.perform(get("/api/v1/billing/packs")).andExpect(status().isOk());
            boolean manages = role == Role.OWNER || role == Role.BILLING;
            var limit = json(put("/api/v1/billing/limit"), "{\"amount\": 10, \"hard\": false}");
            if (manages) {
                http.perform(limit).andExpect(status().isOk());
            } else {
                refusal(limit).as(role.name()).isInstanceOf(PermissionDeniedException.class);
                refusal(json(put("/api/v1/billing/plan"), "{\"plan\": \"payg\"}"))
                        .isInstanceOf(PermissionDeniedException.class);
                refusal(json(post("/api/v1/billing/top-ups"), "{\"pack\": \"credits-10k\"}"))
                        .isInstanceOf(PermissionDeniedException.class);
            }
        }
        assertThat(invoices.issued).isEmpty();

        useKeyOf(owner, workspace, ApiKeyPrincipal.SCOPE_INFERENCE);
        refusal(get("/api/v1/billing")).isInstanceOf(PermissionDeniedException.class);
        context.usePlatformKey(BillingDoubles.platformKey(PlatformKeyPrincipal.SCOPE_USAGE));
        refusal(get("/api/v1/billing")).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void a_downgrade_is_scheduled_and_cancellable_and_an_upgrade_takes_effect_at_once() throws Exception {
        http.perform(json(put("/api/v1/billing/plan"), "{\"plan\": \"PAYG\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.plan.id").value("pro"))
                .andExpect(jsonPath("$.requested.id").value("payg"))
                .andExpect(jsonPath("$.scheduled").value(true))
                .andExpect(jsonPath("$.effective").value("2026-12-01"))
                .andExpect(jsonPath("$.proratedFee.amount").value(0));
        assertThat(subscriptions.state(workspace.id()).scheduled).isNotNull();

        http.perform(delete("/api/v1/billing/plan/scheduled"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.plan.id").value("pro"));
        assertThat(subscriptions.state(workspace.id()).scheduled).isNull();

        subscriptions.state(workspace.id()).plan = BillingDoubles.plan(Plan.PAYG);
        MvcResult upgrade = http.perform(json(put("/api/v1/billing/plan"), "{\"plan\": \"pro\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.plan.id").value("pro"))
                .andExpect(jsonPath("$.scheduled").value(false))
                .andExpect(jsonPath("$.effective").value("2026-11-16"))
                .andExpect(jsonPath("$.proratedFee.currency").value("USD"))
                .andReturn();
        assertThat(upgrade.getResponse().getContentAsString())
                .contains("\"proratedFee\":{\"amount\":399.50,\"currency\":\"USD\"}")
                .contains("\"proratedAllowance\":50000");

        assertThat(refusedFields(json(put("/api/v1/billing/plan"), "{\"plan\": \"gold\"}")))
                .containsExactly("plan");
        assertThat(refusedFields(json(put("/api/v1/billing/plan"), "{}"))).containsExactly("plan");
        // the service refuses Enterprise (asked for with "Contact sales") and the plan now
        assertThat(refusedFields(json(put("/api/v1/billing/plan"), "{\"plan\": \"enterprise\"}")))
                .containsExactly("plan");
        assertThat(refusedFields(json(put("/api/v1/billing/plan"), "{\"plan\": \"pro\"}")))
                .containsExactly("plan");
    }

    @Test
    void a_limit_is_a_number_a_decimal_string_or_a_money_object_and_answered_as_money() throws Exception {
        http.perform(json(put("/api/v1/billing/limit"), "{\"amount\": 250.5, \"hard\": true}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.limit.amount.currency").value("USD"))
                .andExpect(jsonPath("$.limit.hard").value(true));
        assertThat(subscriptions.state(workspace.id()).limit.amount()).isEqualTo(new BigDecimal("250.50"));

        MvcResult asString = http.perform(json(put("/api/v1/billing/limit"), "{\"amount\": \"0.10\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.limit.hard").value(false))
                .andReturn();
        assertThat(asString.getResponse().getContentAsString())
                .contains("\"limit\":{\"amount\":{\"amount\":0.10,\"currency\":\"USD\"},\"hard\":false}");

        http.perform(json(
                        put("/api/v1/billing/limit"),
                        "{\"amount\": {\"amount\": \"1000\", \"currency\": \"usd\"}, \"hard\": true}"))
                .andExpect(status().isOk());
        assertThat(subscriptions.state(workspace.id()).limit.amount()).isEqualTo(new BigDecimal("1000.00"));

        subscriptions.state(workspace.id()).thresholds = List.of(25, 90);
        http.perform(json(put("/api/v1/billing/limit"), "{\"amount\": null}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.limit.amount").value(nullValue()));
        assertThat(subscriptions.state(workspace.id()).limit).isNull();
        assertThat(subscriptions.state(workspace.id()).thresholds)
                .as("the alert thresholds stay as they were")
                .containsExactly(25, 90);

        assertThat(refusedFields(json(put("/api/v1/billing/limit"), "{\"amount\": 1.001}")))
                .containsExactly("amount");
        assertThat(refusedFields(json(put("/api/v1/billing/limit"), "{\"amount\": -5}")))
                .containsExactly("amount");
        assertThat(refusedFields(
                        json(put("/api/v1/billing/limit"), "{\"amount\": {\"amount\": 5, \"currency\": \"EUR\"}}")))
                .containsExactly("amount");
        assertThat(refusedFields(json(put("/api/v1/billing/limit"), "{\"amount\": \"five\"}")))
                .containsExactly("amount");
        assertThat(refusedFields(json(put("/api/v1/billing/limit"), "{\"hard\": true}")))
                .containsExactly("hard");
        assertThat(subscriptions.state(workspace.id()).limit)
                .as("nothing changed")
                .isNull();
    }

    @Test
    void packs_have_an_id_credits_and_a_price() throws Exception {
        MvcResult result = http.perform(get("/api/v1/billing/packs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(3))
                .andExpect(jsonPath("$[0].id").value("credits-10k"))
                .andExpect(jsonPath("$[0].credits").value(10000))
                .andExpect(jsonPath("$[0].price.currency").value("USD"))
                .andReturn();
        assertThat(result.getResponse().getContentAsString())
                .contains(
                        "{\"id\":\"credits-10k\",\"credits\":10000,\"price\":{\"amount\":100.00,\"currency\":\"USD\"}}");
    }

    @Test
    void a_top_up_answers_201_with_its_invoice_once_per_idempotency_key() throws Exception {
        MvcResult first = http.perform(json(post("/api/v1/billing/top-ups"), "{\"pack\": \"credits-50k\"}")
                        .header("Idempotency-Key", "order-42"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("/api/v1/invoices/")))
                .andExpect(jsonPath("$.number").value("INV-2026-000001"))
                .andExpect(jsonPath("$.kind").value("top_up"))
                .andExpect(jsonPath("$.status").value("open"))
                .andExpect(jsonPath("$.total.currency").value("USD"))
                .andReturn();
        assertThat(first.getResponse().getContentAsString())
                .contains("\"total\":{\"amount\":475.00,\"currency\":\"USD\"}");

        http.perform(json(post("/api/v1/billing/top-ups"), "{\"pack\": \"credits-50k\"}")
                        .header("Idempotency-Key", "order-42"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.number").value("INV-2026-000001"));
        assertThat(invoices.issued).hasSize(1);
        assertThat(subscriptions.state(workspace.id()).balance.topUps()).isEqualByComparingTo("60000");

        assertThat(refusedFields(json(post("/api/v1/billing/top-ups"), "{\"pack\": \"credits-1m\"}")))
                .containsExactly("pack");
        assertThat(refusedFields(json(post("/api/v1/billing/top-ups"), "{}"))).containsExactly("pack");
        assertThat(refusedFields(json(post("/api/v1/billing/top-ups"), "{\"pack\": \"credits-10k\"}")
                        .header("Idempotency-Key", "x".repeat(256))))
                .containsExactly("Idempotency-Key");
        assertThat(invoices.issued).hasSize(1);
    }

    @Test
    void daily_usage_defaults_to_the_last_30_days_and_passes_its_filters() throws Exception {
        http.perform(get("/api/v1/usage/daily"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(30))
                .andExpect(jsonPath("$[0].day").value("2026-10-18"))
                .andExpect(jsonPath("$[29].day").value("2026-11-16"));

        UUID key = UUID.randomUUID();
        reports.keyWorkspaces.put(key, workspace.id());
        MvcResult result = http.perform(
                        get("/api/v1/usage/daily?from=2026-11-01&to=2026-11-02&keyId=" + key + "&project=chat"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .json(
                                "[{\"day\": \"2026-11-01\", \"requests\": 1, \"credits\": 1.000001},"
                                        + " {\"day\": \"2026-11-02\", \"requests\": 2, \"credits\": 2.000001}]",
                                true))
                .andReturn();
        assertThat(result.getResponse().getContentAsString()).contains("\"credits\":1.000001");
        assertThat(reports.lastCall).containsExactly(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2), key, "chat");

        assertThat(refusedFields(get("/api/v1/usage/daily?from=yesterday&keyId=nope")))
                .containsExactly("from", "keyId");
        assertThat(refusedFields(get("/api/v1/usage/daily?from=2026-11-03&to=2026-11-02")))
                .containsExactly("from");

        TestWorkspace other = members.newWorkspace();
        UUID othersKey = UUID.randomUUID();
        reports.keyWorkspaces.put(othersKey, other.id());
        refusal(get("/api/v1/usage/daily?keyId=" + othersKey)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void a_viewers_key_reads_usage_and_another_workspaces_billing_is_its_own() throws Exception {
        http.perform(json(put("/api/v1/billing/limit"), "{\"amount\": 10, \"hard\": true}"))
                .andExpect(status().isOk());

        TestWorkspace other = members.newWorkspace();
        TestPerson otherOwner = members.newMember(other, Role.OWNER);
        useKeyOf(otherOwner, other, ApiKeyPrincipal.SCOPE_ADMIN);
        http.perform(get("/api/v1/billing"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.limit.hard").value(false));

        useAdminKeyOf(Role.VIEWER);
        http.perform(get("/api/v1/usage/daily")).andExpect(status().isOk());
    }
}
