package dev.vlmconsole.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.InvalidInputException.FieldError;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.testsupport.RecordingAuditLog;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The service over H2 with the module's real migration, and a console faked through the module
 * API only ({@link TestConsole}, from test-support): what a third party can test without the console.
 */
class WebhookServiceTest {

    private final TestConsole console = new TestConsole();
    private final WebhookService webhooks = console.webhooks;
    private final RecordingAuditLog audit = console.audit;

    @Test
    void an_owner_adds_an_endpoint_which_is_listed_enabled_and_audited() {
        WebhookEndpoint e = webhooks.add(
                " https://hooks.example.com/console ",
                "Slack alerts",
                Set.of(WebhookEvent.KEYS_KEY_REVOKED, WebhookEvent.WORKSPACE_MEMBER_REMOVED));

        assertThat(webhooks.endpoints()).singleElement().satisfies(listed -> {
            assertThat(listed.id()).isEqualTo(e.id());
            assertThat(listed.url()).isEqualTo("https://hooks.example.com/console");
            assertThat(listed.description()).isEqualTo("Slack alerts");
            assertThat(listed.events())
                    .containsExactlyInAnyOrder(WebhookEvent.KEYS_KEY_REVOKED, WebhookEvent.WORKSPACE_MEMBER_REMOVED);
            assertThat(listed.enabled()).isTrue();
        });
        // typed target: webhooks.endpoint and the id, labelled by description and host (never the path)
        assertThat(audit.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.workspaceId()).isEqualTo(console.acme.id());
            assertThat(entry.action()).isEqualTo("webhooks.endpoint.created");
            assertThat(entry.subject())
                    .isEqualTo(AuditTarget.of("webhooks.endpoint", e.id(), "Slack alerts (hooks.example.com)"));
            assertThat(entry.details()).contains("keys.key_revoked, workspace.member_removed");
        });
    }

    @Test
    void refused_input_names_its_field() {
        assertThatThrownBy(() -> webhooks.add("http://example.com", "", Set.of(WebhookEvent.KEYS_KEY_CREATED)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        ex -> assertThat(ex.field()).isEqualTo("url"));
        assertThatThrownBy(() ->
                        webhooks.add("https://example.com", "x".repeat(201), Set.of(WebhookEvent.KEYS_KEY_CREATED)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        ex -> assertThat(ex.field()).isEqualTo("description"));
        assertThatThrownBy(() -> webhooks.add("https://example.com", "", Set.of()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        ex -> assertThat(ex.field()).isEqualTo("events"));
        assertThat(webhooks.endpoints()).isEmpty();
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void every_refused_input_is_named_at_once() {
        assertThatThrownBy(() -> webhooks.add("ftp://example.com", "x".repeat(201), Set.of()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        ex -> assertThat(ex.fieldErrors())
                                .containsExactly(
                                        new FieldError(
                                                "url", "Use an https:// URL: notifications are only sent encrypted."),
                                        new FieldError("description", "Use at most 200 characters."),
                                        new FieldError("events", "Choose at least one event.")));
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void a_url_is_registered_once_per_workspace_and_a_workspace_has_at_most_twenty() {
        webhooks.add("https://example.com/0", "", Set.of(WebhookEvent.KEYS_KEY_CREATED));
        assertThatThrownBy(() -> webhooks.add("https://example.com/0", "", Set.of(WebhookEvent.KEYS_KEY_CREATED)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        ex -> assertThat(ex.fieldErrors())
                                .containsExactly(new FieldError("url", "This URL is already registered.")));
        for (int i = 1; i < WebhookRules.MAX_ENDPOINTS; i++) {
            webhooks.add("https://example.com/" + i, "", Set.of(WebhookEvent.KEYS_KEY_CREATED));
        }
        assertThatThrownBy(() -> webhooks.add("https://example.com/new", "", Set.of(WebhookEvent.KEYS_KEY_CREATED)))
                .isInstanceOf(EndpointLimitReachedException.class)
                .hasMessage("A workspace has at most 20 endpoints. Delete one first.");

        console.actIn(console.other);
        webhooks.add("https://example.com/0", "", Set.of(WebhookEvent.KEYS_KEY_CREATED));
    }

    @Test
    void disabling_enabling_and_deleting_are_audited() {
        UUID id = webhooks.add("https://example.com/h", "", Set.of(WebhookEvent.KEYS_KEY_CREATED))
                .id();

        webhooks.setEnabled(id, false);
        assertThat(webhooks.endpoints().getFirst().enabled()).isFalse();
        webhooks.setEnabled(id, true);
        assertThat(webhooks.endpoints().getFirst().enabled()).isTrue();
        webhooks.delete(id);

        assertThat(webhooks.endpoints()).isEmpty();
        assertThat(audit.actions())
                .containsExactly(
                        "webhooks.endpoint.created",
                        "webhooks.endpoint.disabled",
                        "webhooks.endpoint.enabled",
                        "webhooks.endpoint.deleted");
    }

    @Test
    void another_workspace_neither_sees_nor_changes_the_endpoints() {
        UUID id = webhooks.add("https://example.com/h", "", Set.of(WebhookEvent.KEYS_KEY_CREATED))
                .id();

        console.actIn(console.other);
        assertThat(webhooks.endpoints()).isEmpty();
        assertThatThrownBy(() -> webhooks.setEnabled(id, false)).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> webhooks.delete(id)).isInstanceOf(NoSuchElementException.class);

        console.actIn(console.acme);
        assertThat(webhooks.endpoints())
                .singleElement()
                .satisfies(e -> assertThat(e.enabled()).isTrue());
    }

    @Test
    void viewers_read_billing_members_do_not_and_only_owners_and_admins_manage() {
        UUID id = webhooks.add("https://example.com/h", "", Set.of(WebhookEvent.KEYS_KEY_CREATED))
                .id();

        console.actAs(Role.VIEWER);
        assertThat(webhooks.endpoints()).hasSize(1);
        assertThat(webhooks.canManage()).isFalse();
        assertThatThrownBy(() -> webhooks.add("https://example.com/x", "", Set.of(WebhookEvent.KEYS_KEY_CREATED)))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> webhooks.delete(id)).isInstanceOf(PermissionDeniedException.class);

        console.actAs(Role.BILLING);
        assertThatThrownBy(() -> webhooks.endpoints()).isInstanceOf(PermissionDeniedException.class);

        console.actAs(Role.ADMIN);
        webhooks.setEnabled(id, false);
    }
}
