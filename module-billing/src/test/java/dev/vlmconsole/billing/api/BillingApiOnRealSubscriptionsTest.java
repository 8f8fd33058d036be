package dev.vlmconsole.billing.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.billing.plans.BillingFixture;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.TestPerson;
import jakarta.servlet.ServletException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The billing calls on the real plans part (subscriptions with the real ledger on H2): what
 * {@code GET /api/v1/billing} answers is the account as the service keeps it, an upgrade on day 16 of
 * a 30-day month answers the pro-rated fee and allowance the service charged, a downgrade is
 * scheduled, and a limit set over the API is the service's.
 */
class BillingApiOnRealSubscriptionsTest {

    BillingFixture f;
    BillingDoubles.ApiContext context;
    MockMvc http;

    @BeforeEach
    void wire() {
        f = new BillingFixture(ModuleDatabase.h2(), Instant.parse("2026-11-01T08:00:00Z"));
        f.subscriptions.account(); // opens on the 1st: a full 30-day cycle
        context = new BillingDoubles.ApiContext(f.people);
        BillingDoubles.FakeInvoices invoices = new BillingDoubles.FakeInvoices(context);
        BillingApiController billing = new BillingApiController(
                f.subscriptions,
                new BillingDoubles.FakeTopUps(context, invoices, new BillingDoubles.FakeSubscriptions(context)),
                new BillingDoubles.FakeReports(context),
                f.settings,
                f.clock,
                context);
        http = MockMvcBuilders.standaloneSetup(billing).build();
        useAdminKeyOf(f.owner);
    }

    @AfterEach
    void close() {
        f.close();
    }

    void useAdminKeyOf(TestPerson person) {
        context.useApiKey(new ApiKeyPrincipal(
                UUID.randomUUID(), f.ws(), person.id(), "admin", Set.of(ApiKeyPrincipal.SCOPE_ADMIN)));
    }

    @Test
    void an_upgrade_answers_what_the_service_charged_and_billing_shows_it() throws Exception {
        f.at("2026-11-16T10:00:00Z");

        MvcResult upgrade = http.perform(put("/api/v1/billing/plan")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"plan\": \"pro\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.plan.id").value("pro"))
                .andExpect(jsonPath("$.scheduled").value(false))
                .andExpect(jsonPath("$.effective").value("2026-11-16"))
                .andReturn();
        assertThat(upgrade.getResponse().getContentAsString())
                .contains("\"proratedFee\":{\"amount\":399.50,\"currency\":\"USD\"}")
                .contains("\"proratedAllowance\":50000");

        http.perform(get("/api/v1/billing"))
                .andExpect(status().isOk())
                .andExpect(content().json("""
                                {"plan": {"id": "pro", "name": "Pro"},
                                 "cycle": {"start": "2026-11-01", "end": "2026-12-01"},
                                 "balance": {"available": 50000, "allowance": 50000, "grants": 0, "topUps": 0},
                                 "usage": {"credits": 0, "overageCredits": 0},
                                 "upcomingInvoice": {"amount": 399.50, "currency": "USD"},
                                 "limit": {"amount": null, "hard": false}}
                                """, true));
        assertThat(f.subscriptions.account().plan().id()).isEqualTo("pro");
    }

    @Test
    void a_downgrade_is_scheduled_for_the_cycles_end() throws Exception {
        f.at("2026-11-16T10:00:00Z");
        f.subscriptions.changePlan("pro");

        http.perform(put("/api/v1/billing/plan")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"plan\": \"payg\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.plan.id").value("pro"))
                .andExpect(jsonPath("$.requested.id").value("payg"))
                .andExpect(jsonPath("$.scheduled").value(true))
                .andExpect(jsonPath("$.effective").value("2026-12-01"));

        assertThat(f.subscriptions.account().scheduledPlan()).isNotNull();
    }

    @Test
    void a_limit_set_over_the_api_is_the_services_and_keeps_the_alert_thresholds() throws Exception {
        f.subscriptions.setLimit(null, false, List.of(25, 75));

        http.perform(put("/api/v1/billing/limit")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amount\": {\"amount\": \"250.5\", \"currency\": \"USD\"}, \"hard\": true}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.limit.hard").value(true))
                .andExpect(jsonPath("$.limit.amount.amount").value(250.5));

        assertThat(f.subscriptions.account().limit()).isEqualTo(BillingDoubles.usd("250.50"));
        assertThat(f.subscriptions.account().hardLimit()).isTrue();
        assertThat(f.subscriptions.account().alertThresholds()).containsExactly(25, 75);

        TestPerson viewer = f.members.newMember(f.workspace, Role.VIEWER);
        useAdminKeyOf(viewer);
        assertThatThrownBy(() -> http.perform(put("/api/v1/billing/limit")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amount\": 1}")))
                .isInstanceOf(ServletException.class)
                .cause()
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(f.subscriptions.account().limit()).isEqualTo(BillingDoubles.usd("250.50"));
    }
}
