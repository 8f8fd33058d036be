package dev.vlmconsole.billing.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.billing.invoices.BillingOperations.RequestStatus;
import dev.vlmconsole.billing.invoices.BillingOperations.SalesRequest;
import dev.vlmconsole.billing.invoices.BillingProfiles.Profile;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Billing profiles, the operators' tax rate and "Contact sales" on a real database. Runs on H2
 * ({@link BillingProfilesOnH2Test}) and PostgreSQL ({@link BillingProfilesOnPostgresTest}).
 */
abstract class BillingProfilesTests {

    InvoicesContexts.Billing billing;
    BillingProfiles profiles;
    BillingOperations operations;
    TestWorkspace workspace;
    TestPerson owner;
    TestPerson operator;

    abstract InvoicesContexts.Billing billing();

    @BeforeEach
    void wire() {
        billing = billing();
        profiles = billing.bean(BillingProfiles.class);
        operations = billing.bean(BillingOperations.class);
        workspace = billing.members().newWorkspace("Globex");
        owner = billing.members().newMember(workspace, Role.OWNER);
        operator = billing.members().newOperator();
        billing.mail().clear();
        billing.mail().setConfigured(true);
        billing.context().signIn(owner, workspace);
    }

    @Test
    void a_profile_is_saved_normalised_audited_and_read_by_every_member() {
        assertThat(profiles.profile()).isEqualTo(new Profile("", "", "", "", BigDecimal.ZERO));
        Profile saved =
                profiles.save("  Globex Corp ", "1 Main St\r\n\r\n  Springfield  \n", "US-12/34.5", " ap@globex.test ");
        assertThat(saved)
                .isEqualTo(new Profile(
                        "Globex Corp", "1 Main St\nSpringfield", "US-12/34.5", "ap@globex.test", BigDecimal.ZERO));
        assertThat(billing.audit().last().action()).isEqualTo(InvoiceAudit.PROFILE_SAVED);
        assertThat(billing.audit().last().details()).contains("company name", "address", "tax id", "invoice email");

        TestPerson viewer = billing.members().newMember(workspace, Role.VIEWER);
        billing.context().signIn(viewer, workspace);
        assertThat(profiles.profile().companyName()).isEqualTo("Globex Corp");
        assertThatThrownBy(() -> profiles.save("x", "", "", "")).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void bad_fields_are_refused_together() {
        assertThatThrownBy(
                        () -> profiles.save("x".repeat(201), "a\nb\nc\nd\ne\nf\ng\nh\ni", "<script>", "not-an-email"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).fieldErrors())
                        .extracting(InvalidInputException.FieldError::field)
                        .containsExactly("companyName", "address", "taxId", "invoiceEmail"));
        assertThat(profiles.profile().companyName()).isEmpty();
    }

    @Test
    void operators_set_a_tax_rate_from_0_to_100_audited_in_the_workspace() {
        assertThatThrownBy(() -> profiles.setTaxRate(workspace.id(), new BigDecimal("20"), "VAT"))
                .isInstanceOf(PermissionDeniedException.class);
        billing.context().signIn(operator);
        assertThatThrownBy(() -> profiles.setTaxRate(workspace.id(), new BigDecimal("100.5"), null))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> profiles.setTaxRate(workspace.id(), new BigDecimal("-1"), null))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> profiles.setTaxRate(UUID.randomUUID(), BigDecimal.TEN, null))
                .isInstanceOf(NoSuchElementException.class);

        profiles.setTaxRate(workspace.id(), new BigDecimal("20.5"), "UK VAT");
        assertThat(billing.audit().last().workspaceId()).isEqualTo(workspace.id());
        assertThat(billing.audit().last().action()).isEqualTo(InvoiceAudit.TAX_RATE_SET);
        assertThat(billing.audit().last().details()).contains("20.5 %", "was 0 %", "UK VAT");

        billing.context().signIn(owner, workspace);
        assertThat(profiles.profile().taxRate()).isEqualByComparingTo("20.5");
    }

    @Test
    void contact_sales_stores_a_request_operators_list_and_mails_the_sales_address() {
        TestPerson member = billing.members().newMember(workspace, Role.MEMBER);
        billing.context().signIn(member, workspace);
        assertThatThrownBy(() -> profiles.contactSales("hi")).isInstanceOf(PermissionDeniedException.class);

        billing.context().signIn(owner, workspace);
        assertThatThrownBy(() -> profiles.contactSales("  ")).isInstanceOf(InvalidInputException.class);
        profiles.contactSales("We need 50M credits a month and an in-VPC deployment.");

        MailMessage mail = billing.mail().sentTo(InvoicesContexts.SALES).getLast();
        assertThat(mail.subject()).isEqualTo("Enterprise enquiry from Globex");
        assertThat(mail.text())
                .contains("50M credits", owner.email(), workspace.id().toString());
        assertThat(billing.audit().last().action()).isEqualTo(InvoiceAudit.SALES_REQUESTED);

        assertThatThrownBy(operations::salesRequests).isInstanceOf(PermissionDeniedException.class);
        billing.context().signIn(operator);
        SalesRequest request = operations.salesRequests().stream()
                .filter(r -> r.workspaceId().equals(workspace.id()))
                .findFirst()
                .orElseThrow();
        assertThat(request.requesterId()).isEqualTo(owner.id());
        assertThat(request.workspaceName()).isEqualTo("Globex");
        assertThat(request.status()).isEqualTo(RequestStatus.OPEN);
        assertThat(request.createdAt()).isEqualTo(billing.clock().instant());

        SalesRequest handled = operations.markHandled(request.id());
        assertThat(handled.status()).isEqualTo(RequestStatus.HANDLED);
        assertThat(handled.handledBy()).isEqualTo(operator.displayName());
    }

    @Test
    void contact_sales_is_limited_per_workspace_per_day_and_stored_without_a_mail_server() {
        billing.mail().setConfigured(false);
        for (int i = 0; i < BillingProfileService.SALES_REQUESTS_PER_DAY; i++) {
            profiles.contactSales("request " + i);
        }
        assertThatThrownBy(() -> profiles.contactSales("one more")).isInstanceOf(InvalidInputException.class);
        assertThat(billing.mail().queued()).isEmpty();
        billing.context().signIn(operator);
        assertThat(operations.salesRequests().stream()
                        .filter(r -> r.workspaceId().equals(workspace.id())))
                .hasSize(BillingProfileService.SALES_REQUESTS_PER_DAY);
    }
}
