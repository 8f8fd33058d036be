package dev.vlmconsole.billing.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import jakarta.servlet.ServletException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The billing API over HTTP with Spring MVC alone (no console): the three controllers on doubles of
 * the billing services ({@link BillingDoubles}). Refusals are left to the console's problem handler,
 * so a test sees them as the exception the handler turns into a problem: {@code InvalidInputException}
 * a 400 naming each field, {@code PermissionDeniedException} a 403, {@code NoSuchElementException} a
 * 404 (console-app's BillingApiTest sees the problems themselves).
 */
abstract class BillingApiTestBase {

    TestMembers members;
    BillingDoubles.ApiContext context;
    BillingDoubles.Ingestion ingestion;
    BillingDoubles.FakeSubscriptions subscriptions;
    BillingDoubles.FakeInvoices invoices;
    BillingDoubles.FakeTopUps topUps;
    BillingDoubles.FakeReports reports;
    MockMvc http;
    TestWorkspace workspace;
    TestPerson owner;

    @BeforeEach
    void wire() {
        members = new TestMembers();
        context = new BillingDoubles.ApiContext(new FakeConsoleContext(members, new BillingModule()));
        ingestion = new BillingDoubles.Ingestion();
        subscriptions = new BillingDoubles.FakeSubscriptions(context);
        invoices = new BillingDoubles.FakeInvoices(context);
        topUps = new BillingDoubles.FakeTopUps(context, invoices, subscriptions);
        reports = new BillingDoubles.FakeReports(context);
        http = MockMvcBuilders.standaloneSetup(
                        new UsageApiController(ingestion, context),
                        new BillingApiController(
                                subscriptions,
                                topUps,
                                reports,
                                BillingDoubles.SETTINGS,
                                BillingDoubles.clock(),
                                context),
                        new InvoicesApiController(invoices, context))
                .build();
        workspace = members.newWorkspace();
        owner = members.newMember(workspace, Role.OWNER);
        useKeyOf(owner, workspace, ApiKeyPrincipal.SCOPE_ADMIN);
    }

    /** Acts as a new key of {@code person} in {@code workspace} with {@code scope}. */
    ApiKeyPrincipal useKeyOf(TestPerson person, TestWorkspace w, String scope) {
        ApiKeyPrincipal key = new ApiKeyPrincipal(UUID.randomUUID(), w.id(), person.id(), "test key", Set.of(scope));
        context.useApiKey(key);
        return key;
    }

    /** Acts as an admin key of a new member with {@code role} in the workspace. */
    TestPerson useAdminKeyOf(Role role) {
        TestPerson person = members.newMember(workspace, role);
        useKeyOf(person, workspace, ApiKeyPrincipal.SCOPE_ADMIN);
        return person;
    }

    static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    /** What the call threw for the console's handler to answer. */
    AbstractThrowableAssert<?, ? extends Throwable> refusal(RequestBuilder request) {
        return assertThatThrownBy(() -> http.perform(request))
                .isInstanceOf(ServletException.class)
                .cause();
    }

    /** The field errors of the call's {@code InvalidInputException}, as {@code field} strings. */
    List<String> refusedFields(RequestBuilder request) {
        try {
            http.perform(request);
        } catch (ServletException e) {
            if (e.getCause() instanceof InvalidInputException invalid) {
                return invalid.fieldErrors().stream()
                        .map(InvalidInputException.FieldError::field)
                        .toList();
            }
            throw new AssertionError("not refused as invalid input", e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("not refused");
    }
}
