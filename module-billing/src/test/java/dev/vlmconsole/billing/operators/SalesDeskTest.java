package dev.vlmconsole.billing.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.billing.invoices.BillingOperations.RequestStatus;
import dev.vlmconsole.billing.invoices.BillingProfileService;
import dev.vlmconsole.billing.invoices.InvoiceAudit;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answering "Contact sales" requests: the answer is emailed as plain text to the person who asked
 * (their message quoted), the request is handled with the answer kept, and the workspace's log records
 * it as an operator action; a handled request is not answered twice; without a mail server the answer
 * is refused and the request can be marked handled with a note; members are refused.
 */
class SalesDeskTest {

    OperatorsFixture.Ops ops;
    TestWorkspace workspace;
    TestPerson owner;
    UUID request;

    @BeforeEach
    void aRequest() {
        ops = OperatorsFixture.h2();
        workspace = ops.members()
                .newWorkspace("Globex " + UUID.randomUUID().toString().substring(0, 4));
        owner = ops.members().newMember(workspace, Role.OWNER);
        ops.context().signIn(owner, workspace);
        String message = "We need 50M credits a month in our VPC. " + UUID.randomUUID();
        ops.bean(BillingProfileService.class).contactSales(message);
        ops.signInOperator();
        request = desk().requests(RequestStatus.OPEN).stream()
                .filter(r -> r.message().equals(message))
                .findFirst()
                .orElseThrow()
                .id();
        ops.mail().clear();
    }

    @AfterEach
    void mailBack() {
        ops.mail().setConfigured(true);
    }

    SalesDesk desk() {
        return ops.bean(SalesDesk.class);
    }

    @Test
    void an_answer_is_emailed_to_the_requester_and_the_request_is_handled_and_audited() {
        SalesDesk.Request answered = desk().answer(request, "Happy to help.\nLet us talk on Monday.");

        assertThat(answered.status()).isEqualTo(RequestStatus.HANDLED);
        assertThat(answered.reply()).isEqualTo("Happy to help.\nLet us talk on Monday.");
        MailMessage mail = ops.mail().sentTo(owner.email()).getFirst();
        assertThat(mail.html()).isNull();
        assertThat(mail.subject()).contains("Enterprise enquiry").contains(workspace.name());
        assertThat(mail.text()).startsWith("Happy to help.").contains("> We need 50M credits a month");
        assertThat(desk().requests(RequestStatus.OPEN)).noneMatch(r -> r.id().equals(request));
        assertThat(desk().requests(RequestStatus.HANDLED))
                .filteredOn(r -> r.id().equals(request))
                .singleElement()
                .satisfies(r -> assertThat(r.handledAt()).isNotNull());
        AuditEntry audited = ops.audit().entriesOf(workspace.id()).getLast();
        assertThat(audited.action()).isEqualTo(SalesDesk.ANSWERED);
        assertThat(audited.actor().operator()).isTrue();
        assertThat(audited.details()).contains("Happy to help.");

        assertThat(CreditAdjustmentsTests.fields(() -> desk().answer(request, "Again")))
                .containsExactly("request");
        assertThat(ops.mail().sentTo(owner.email())).hasSize(1);
    }

    @Test
    void an_empty_answer_is_refused_and_without_mail_the_request_is_marked_handled_with_a_note() {
        assertThat(CreditAdjustmentsTests.fields(() -> desk().answer(request, "  ")))
                .containsExactly("reply");

        ops.mail().setConfigured(false);
        assertThat(desk().canEmail()).isFalse();
        assertThat(CreditAdjustmentsTests.fields(() -> desk().answer(request, "Hello")))
                .containsExactly("reply");
        assertThat(CreditAdjustmentsTests.fields(() -> desk().markHandled(request, "")))
                .containsExactly("reason");

        SalesDesk.Request handled = desk().markHandled(request, "Called them on 17 Nov");

        assertThat(handled.status()).isEqualTo(RequestStatus.HANDLED);
        assertThat(handled.reply()).isEqualTo("Called them on 17 Nov");
        assertThat(ops.mail().queued()).isEmpty();
        assertThat(ops.audit().entriesOf(workspace.id()).getLast()).satisfies(e -> {
            assertThat(e.action()).isEqualTo(InvoiceAudit.SALES_HANDLED);
            assertThat(e.actor().operator()).isTrue();
        });
    }

    @Test
    void members_are_refused() {
        ops.context().signIn(owner, workspace);
        assertThatThrownBy(() -> desk().requests(RequestStatus.OPEN)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> desk().answer(request, "Hi")).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> desk().markHandled(request, "Done")).isInstanceOf(PermissionDeniedException.class);
    }
}
