package dev.vlmconsole.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.services.DeliveryStatus;
import dev.vlmconsole.api.services.MailMessage;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The recording outbox keeps the console outbox's promises: sent after commit, never on rollback. */
class RecordingOutboundMailTest {

    private final RecordingOutboundMail mail = new RecordingOutboundMail();

    @Test
    void a_message_is_sent_after_its_transaction_commits_and_never_after_a_rollback() {
        try (ModuleDatabase db = ModuleDatabase.h2()) {
            UUID a = db.tx().execute(s -> {
                UUID id = mail.queue(message("a@example.com"));
                assertThat(mail.queued()).hasSize(1);
                assertThat(mail.sent()).isEmpty();
                assertThat(mail.status(id)).contains(DeliveryStatus.QUEUED);
                return id;
            });
            assertThat(mail.sentTo("A@example.com")).hasSize(1);
            assertThat(mail.status(a)).contains(DeliveryStatus.SENT);
            mail.setStatus(a, DeliveryStatus.FAILED);
            assertThat(mail.statuses(List.of(a))).containsEntry(a, DeliveryStatus.FAILED);

            UUID b = db.tx().execute(s -> {
                UUID id = mail.queue(message("b@example.com"));
                s.setRollbackOnly();
                return id;
            });
            assertThat(mail.status(b)).isEmpty();
            assertThat(mail.queuedIds()).containsExactly(a, b);
            assertThat(mail.queued()).extracting(MailMessage::to).containsExactly("a@example.com", "b@example.com");
            assertThat(mail.sent()).extracting(MailMessage::to).containsExactly("a@example.com");
        }
    }

    @Test
    void without_a_transaction_a_message_is_sent_at_once_and_without_a_server_it_is_refused() {
        mail.queue(message("c@example.com"));
        assertThat(mail.sent()).hasSize(1);
        assertThat(mail.notConfiguredReason()).isEmpty();

        mail.setConfigured(false);
        assertThat(mail.isConfigured()).isFalse();
        assertThat(mail.notConfiguredReason()).isNotBlank();
        assertThatThrownBy(() -> mail.queue(message("d@example.com"))).isInstanceOf(IllegalStateException.class);
        assertThat(mail.queued()).hasSize(1);
    }

    private static MailMessage message(String to) {
        return new MailMessage(to, "Hello", "text", null, "probe.hello");
    }
}
