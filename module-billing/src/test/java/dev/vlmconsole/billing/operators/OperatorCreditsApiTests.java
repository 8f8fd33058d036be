package dev.vlmconsole.billing.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.billing.api.OperatorCreditsApiController;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import jakarta.servlet.ServletException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * {@code POST /api/v1/operator/workspaces/{id}/credits} over HTTP (Spring MVC alone) on the real credit
 * adjustments: a platform key of scope {@code operator} only, an {@code Idempotency-Key} required and
 * honoured (the same request again answers the same 201 and applies nothing; another request with the
 * key is a 422 problem; the same key sent at once to two nodes applies once), a 400 naming the bad
 * field, a 404 for an unknown workspace. Refusals the console's handler answers are seen as the
 * exceptions it turns into problems (console-app's tests see the problems).
 */
abstract class OperatorCreditsApiTests {

    abstract OperatorsFixture.Ops ops();

    OperatorsFixture.Ops ops;
    MockMvc http;
    TestWorkspace workspace;

    static final PlatformKeyPrincipal OPERATOR_KEY =
            new PlatformKeyPrincipal(UUID.randomUUID(), "support desk", Set.of(PlatformKeyPrincipal.SCOPE_OPERATOR));

    @BeforeEach
    void wire() {
        ops = ops();
        http = mvc(ops);
        workspace = ops.newWorkspace();
        ops.context().usePlatformKey(OPERATOR_KEY);
    }

    static MockMvc mvc(OperatorsFixture.Ops ops) {
        return MockMvcBuilders.standaloneSetup(new OperatorCreditsApiController(ops.adjustments(), ops.context()))
                .build();
    }

    static MockHttpServletRequestBuilder credits(UUID workspaceId, String body, String key) {
        MockHttpServletRequestBuilder request = post("/api/v1/operator/workspaces/" + workspaceId + "/credits")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
        return key == null ? request : request.header("Idempotency-Key", key);
    }

    MockHttpServletResponse call(MockMvc mvc, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    Throwable refusal(MockHttpServletRequestBuilder request) {
        try {
            http.perform(request);
        } catch (ServletException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("not refused");
    }

    List<String> refusedFields(MockHttpServletRequestBuilder request) {
        Throwable t = refusal(request);
        assertThat(t).isInstanceOf(InvalidInputException.class);
        return ((InvalidInputException) t)
                .fieldErrors().stream()
                        .map(InvalidInputException.FieldError::field)
                        .toList();
    }

    BigDecimal available() {
        return ops.ledger().balance(workspace.id()).available();
    }

    @Test
    void a_grant_answers_201_with_the_ledger_entry_and_the_new_balance_and_a_retry_answers_it_again() throws Exception {
        call(
                http,
                credits(workspace.id(), "{\"credits\": \"250\", \"reason\": \"Earlier\"}", "k-" + UUID.randomUUID()));
        String key = "grant-" + UUID.randomUUID();
        MockHttpServletResponse first =
                call(http, credits(workspace.id(), "{\"credits\": \"250\", \"reason\": \"Refund\"}", key));
        MockHttpServletResponse again =
                call(http, credits(workspace.id(), "{\"credits\": 250.0, \"reason\": \"Refund\"}", key));

        assertThat(first.getStatus()).isEqualTo(201);
        assertThat(first.getContentAsString())
                .contains("\"workspaceId\":\"" + workspace.id() + "\"")
                .contains("\"credits\":250")
                .contains("\"available\":500")
                .containsPattern("\"entryId\":\\d+");
        assertThat(first.getHeader("Idempotent-Replayed")).isNull();
        assertThat(again.getStatus()).isEqualTo(201);
        assertThat(again.getContentAsString()).isEqualTo(first.getContentAsString());
        assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(available()).isEqualByComparingTo("500");
        assertThat(ops.audit().entriesOf(workspace.id()).getLast().actor().operator())
                .isTrue();
    }

    @Test
    void negative_credits_debit_and_never_below_zero() throws Exception {
        call(http, credits(workspace.id(), "{\"credits\": 100, \"reason\": \"Start\"}", "s-" + UUID.randomUUID()));

        MockHttpServletResponse debit = call(
                http,
                credits(workspace.id(), "{\"credits\": -30.5, \"reason\": \"Clawback\"}", "d-" + UUID.randomUUID()));

        assertThat(debit.getStatus()).isEqualTo(201);
        assertThat(debit.getContentAsString()).contains("\"credits\":-30.5").contains("\"available\":69.5");
        assertThat(refusedFields(credits(
                        workspace.id(), "{\"credits\": -70, \"reason\": \"Too much\"}", "t-" + UUID.randomUUID())))
                .containsExactly("credits");
        assertThat(available()).isEqualByComparingTo("69.5");
    }

    @Test
    void the_same_key_with_another_request_is_a_422_problem_and_applies_nothing() throws Exception {
        String key = "conflict-" + UUID.randomUUID();
        call(http, credits(workspace.id(), "{\"credits\": 10, \"reason\": \"One\"}", key));

        MockHttpServletResponse other =
                call(http, credits(workspace.id(), "{\"credits\": 11, \"reason\": \"One\"}", key));

        assertThat(other.getStatus()).isEqualTo(422);
        assertThat(other.getContentType()).startsWith("application/problem+json");
        assertThat(other.getContentAsString()).contains("Idempotency-Key");
        assertThat(available()).isEqualByComparingTo("10");
    }

    @Test
    void refusals_name_the_field_the_key_and_the_workspace() {
        String body = "{\"credits\": 10, \"reason\": \"Ok\"}";
        assertThat(refusedFields(credits(workspace.id(), body, null))).containsExactly("Idempotency-Key");
        assertThat(refusedFields(credits(workspace.id(), body, "caf\u00e9"))).containsExactly("Idempotency-Key");
        assertThat(refusedFields(credits(workspace.id(), "{\"credits\": \"ten\", \"reason\": \"Ok\"}", "k1")))
                .containsExactly("credits");
        assertThat(refusedFields(credits(workspace.id(), "{\"credits\": 1.0000001, \"reason\": \"Ok\"}", "k2")))
                .containsExactly("credits");
        assertThat(refusedFields(credits(workspace.id(), "{\"credits\": 0, \"reason\": \"Ok\"}", "k3")))
                .containsExactly("credits");
        assertThat(refusedFields(credits(workspace.id(), "{\"credits\": 5}", "k4")))
                .containsExactly("reason");
        assertThat(refusedFields(credits(
                        workspace.id(),
                        "{\"credits\": {\"amount\": 5, \"currency\": \"USD\"}, \"reason\": \"x\"}",
                        "k5")))
                .containsExactly("credits");
        assertThat(refusal(credits(UUID.randomUUID(), body, "k6"))).isInstanceOf(NoSuchElementException.class);
        assertThat(refusal(post("/api/v1/operator/workspaces/not-a-uuid/credits")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body)
                        .header("Idempotency-Key", "k7")))
                .isInstanceOf(NoSuchElementException.class);
        assertThat(available()).isEqualByComparingTo("0");
    }

    @Test
    void only_a_platform_key_with_the_operator_scope_may_call() throws Exception {
        String body = "{\"credits\": 10, \"reason\": \"Ok\"}";
        ops.context()
                .usePlatformKey(new PlatformKeyPrincipal(
                        UUID.randomUUID(),
                        "gateway",
                        Set.of(PlatformKeyPrincipal.SCOPE_USAGE, PlatformKeyPrincipal.SCOPE_VERIFY)));
        assertThat(refusal(credits(workspace.id(), body, "a1"))).isInstanceOf(PermissionDeniedException.class);

        TestPerson owner = ops.members().newMember(workspace, Role.OWNER);
        ops.context()
                .useApiKey(new ApiKeyPrincipal(
                        UUID.randomUUID(), workspace.id(), owner.id(), "admin", Set.of(ApiKeyPrincipal.SCOPE_ADMIN)));
        assertThat(refusal(credits(workspace.id(), body, "a2"))).isInstanceOf(PermissionDeniedException.class);

        ops.context().signOut();
        MockHttpServletResponse none = call(http, credits(workspace.id(), body, "a3"));
        assertThat(none.getStatus()).isEqualTo(401);
        assertThat(none.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(available()).isEqualByComparingTo("0");
    }

    @Test
    void the_same_key_sent_at_once_to_two_nodes_applies_once() throws Exception {
        OperatorsFixture.Ops second = OperatorsFixture.start(ops.spring().database(), ops.members());
        second.context().usePlatformKey(OPERATOR_KEY);
        MockMvc nodeB = mvc(second);
        call(http, credits(workspace.id(), "{\"credits\": 1000, \"reason\": \"Start\"}", "start-" + UUID.randomUUID()));
        String key = "race-" + UUID.randomUUID();
        String body = "{\"credits\": -125.5, \"reason\": \"Clawback\"}";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<MockHttpServletResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                MockMvc node = i % 2 == 0 ? http : nodeB;
                calls.add(() -> call(node, credits(workspace.id(), body, key)));
            }
            List<MockHttpServletResponse> answers = new ArrayList<>();
            for (Future<MockHttpServletResponse> f : pool.invokeAll(calls)) {
                answers.add(f.get());
            }
            assertThat(answers).allSatisfy(a -> assertThat(a.getStatus()).isEqualTo(201));
            assertThat(answers.stream().map(this::body).distinct()).hasSize(1);
            assertThat(answers)
                    .filteredOn(a -> a.getHeader("Idempotent-Replayed") == null)
                    .hasSize(1);
        } finally {
            pool.shutdownNow(); // the second node's context stays open: closing it would close the shared database
        }
        assertThat(available()).isEqualByComparingTo("874.5");
        assertThat(ops.ledger().derivedBalance(workspace.id()))
                .isEqualTo(ops.ledger().balance(workspace.id()));
    }

    private String body(MockHttpServletResponse r) {
        try {
            return r.getContentAsString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
