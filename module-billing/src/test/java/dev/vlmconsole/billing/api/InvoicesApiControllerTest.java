package dev.vlmconsole.billing.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.invoices.Invoices.Invoice;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

/**
 * {@code /api/v1/invoices}: number, period, lines, total and status, newest first; the PDF as
 * {@code application/pdf} named after the invoice's number; another workspace's invoice not found.
 */
class InvoicesApiControllerTest extends BillingApiTestBase {

    Invoice cycleInvoice(TestWorkspace w) {
        return invoices.issue(new Invoices.Draft(
                w.id(),
                Invoices.Kind.CYCLE,
                LocalDate.of(2026, 10, 1),
                LocalDate.of(2026, 10, 31),
                List.of(
                        new Invoices.Line(
                                "Pro, 1–31 October 2026",
                                BigDecimal.ONE,
                                BillingDoubles.usd("799"),
                                BillingDoubles.usd("799")),
                        new Invoices.Line(
                                "Overage: 1,234.5 credits",
                                new BigDecimal("1234.500000"),
                                BillingDoubles.usd("0.008"),
                                BillingDoubles.usd("9.88"))),
                "cycle:2026-10-01"));
    }

    @Test
    void an_invoice_has_its_number_period_lines_total_and_status() throws Exception {
        Invoice invoice = cycleInvoice(workspace);

        MvcResult result = http.perform(get("/api/v1/invoices/" + invoice.id()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(invoice.id().toString()))
                .andExpect(jsonPath("$.number").value("INV-2026-000001"))
                .andExpect(jsonPath("$.kind").value("cycle"))
                .andExpect(jsonPath("$.period.start").value("2026-10-01"))
                .andExpect(jsonPath("$.period.end").value("2026-10-31"))
                .andExpect(jsonPath("$.lines.length()").value(2))
                .andExpect(jsonPath("$.lines[1].description").value("Overage: 1,234.5 credits"))
                .andExpect(jsonPath("$.status").value("open"))
                .andExpect(jsonPath("$.dueDate").value("2026-12-16"))
                .andReturn();
        assertThat(result.getResponse().getContentAsString())
                .contains("\"quantity\":1234.5,")
                .contains("\"unitPrice\":{\"amount\":0.008,\"currency\":\"USD\"}")
                .contains("\"total\":{\"amount\":808.88,\"currency\":\"USD\"}")
                .contains("\"taxRate\":0,");
    }

    @Test
    void invoices_are_listed_newest_first_for_every_roles_admin_key() throws Exception {
        cycleInvoice(workspace);
        Invoice second = cycleInvoice(workspace);
        cycleInvoice(members.newWorkspace());

        for (Role role : Role.values()) {
            useAdminKeyOf(role);
            http.perform(get("/api/v1/invoices"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.length()").value(2))
                    .andExpect(jsonPath("$[0].id").value(second.id().toString()));
        }
        useKeyOf(owner, workspace, ApiKeyPrincipal.SCOPE_INFERENCE);
        refusal(get("/api/v1/invoices")).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void the_pdf_is_application_pdf_named_after_the_number() throws Exception {
        Invoice invoice = cycleInvoice(workspace);

        MvcResult result = http.perform(get("/api/v1/invoices/" + invoice.id() + "/pdf"))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_PDF))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"INV-2026-000001.pdf\""))
                .andReturn();
        assertThat(new String(result.getResponse().getContentAsByteArray())).startsWith("%PDF");
    }

    @Test
    void another_workspaces_invoice_is_not_found_as_an_unknown_one() throws Exception {
        TestWorkspace other = members.newWorkspace();
        TestPerson otherOwner = members.newMember(other, Role.OWNER);
        Invoice theirs = cycleInvoice(other);

        refusal(get("/api/v1/invoices/" + theirs.id())).isInstanceOf(NoSuchElementException.class);
        refusal(get("/api/v1/invoices/" + theirs.id() + "/pdf")).isInstanceOf(NoSuchElementException.class);
        refusal(get("/api/v1/invoices/" + UUID.randomUUID())).isInstanceOf(NoSuchElementException.class);
        http.perform(get("/api/v1/invoices")).andExpect(jsonPath("$.length()").value(0));

        useKeyOf(otherOwner, other, ApiKeyPrincipal.SCOPE_ADMIN);
        http.perform(get("/api/v1/invoices/" + theirs.id())).andExpect(status().isOk());
    }
}
