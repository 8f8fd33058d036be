package dev.vlmconsole.app.mail;

import static dev.vlmconsole.app.db.Tables.MAIL_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vlmconsole.api.services.DeliveryStatus;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.app.db.tables.records.MailOutboxRecord;
import dev.vlmconsole.app.support.ConsoleTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The outbox against a real SMTP server (GreenMail) on the shared H2 test database. Each test sends
 * to an address of its own, so messages other tests left in the outbox never count.
 */
class MailOutboxTest extends ConsoleTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    MailOutbox consoleOutbox;

    private final List<MailDispatcher> started = new ArrayList<>();

    @AfterEach
    void stopDispatchers() {
        started.forEach(MailDispatcher::stop);
    }

    private MailDispatcher node() {
        return MailTesting.dispatcher(db, transactions, MailTesting.sender(greenMail));
    }

    private MailDispatcher started(MailDispatcher dispatcher) {
        dispatcher.start();
        started.add(dispatcher);
        return dispatcher;
    }

    private static String address() {
        return "person-" + unique() + "@example.test";
    }

    private static MailMessage message(String to) {
        return new MailMessage(
                to,
                "Reset your password",
                "Open https://console.test/reset-password/secret to choose a new password.",
                "<p><a href=\"https://console.test/reset-password/secret\">Choose a new password</a></p>",
                "test.reset");
    }

    private MailOutboxRecord row(UUID id) {
        return db.selectFrom(MAIL_OUTBOX).where(MAIL_OUTBOX.ID.eq(id)).fetchOne();
    }

    @Test
    void a_message_queued_in_a_committed_transaction_arrives_once_with_text_and_html() throws Exception {
        MailDispatcher node = started(node());
        MailOutbox outbox = MailTesting.outbox(db, transactions, node);
        String to = address();

        UUID id = tx.execute(s -> outbox.queue(message(to)));

        List<MimeMessage> received = MailTesting.awaitReceived(greenMail, to, 1);
        node.poll();
        assertThat(MailTesting.receivedBy(greenMail, to)).hasSize(1);
        MimeMessage mail = received.getFirst();
        assertThat(mail.getSubject()).isEqualTo("Reset your password");
        assertThat(mail.getFrom()[0].toString()).contains("no-reply@console.test");
        assertThat(mail.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
        String body = GreenMailUtil.getBody(mail);
        assertThat(mail.getContent()).isInstanceOf(MimeMultipart.class);
        assertThat(body).contains("text/plain", "text/html", "Choose a new password");
        MailOutboxRecord row = row(id);
        assertThat(row.getStatus()).isEqualTo("SENT");
        assertThat(row.getAttempts()).isEqualTo(1);
        assertThat(row.getSentAt()).isNotNull();
    }

    @Test
    void a_plain_text_message_is_not_multipart() throws Exception {
        MailOutbox outbox = MailTesting.outbox(db, transactions, started(node()));
        String to = address();

        outbox.queue(new MailMessage(to, "Hello", "Just text", null, "test.plain"));

        MimeMessage mail = MailTesting.awaitReceived(greenMail, to, 1).getFirst();
        assertThat(mail.getContentType()).startsWith("text/plain");
        assertThat(GreenMailUtil.getBody(mail)).contains("Just text");
    }

    @Test
    void a_message_queued_in_a_rolled_back_transaction_is_never_sent() {
        MailDispatcher node = started(node());
        MailOutbox outbox = MailTesting.outbox(db, transactions, node);
        String to = address();

        UUID id = tx.execute(s -> {
            UUID queued = outbox.queue(message(to));
            s.setRollbackOnly();
            return queued;
        });
        node.poll();

        assertThat(MailTesting.awaitReceived(greenMail, to, 1)).isEmpty();
        assertThat(row(id)).isNull();
    }

    @Test
    void a_message_committed_just_before_a_crash_is_sent_once_at_the_next_start() {
        // the node that queued it stopped between the commit and the send: its dispatcher never ran
        MailDispatcher crashed = node();
        String to = address();
        UUID id = tx.execute(s -> MailTesting.outbox(db, transactions, crashed).queue(message(to)));
        assertThat(row(id).getStatus()).isEqualTo("QUEUED");
        MailTesting.sleep(300);
        assertThat(MailTesting.receivedBy(greenMail, to)).isEmpty();

        // the console starts again: the start replays it
        MailDispatcher restarted = started(node());

        assertThat(MailTesting.awaitReceived(greenMail, to, 1)).hasSize(1);
        restarted.poll();
        node().poll();
        assertThat(MailTesting.receivedBy(greenMail, to)).hasSize(1);
        assertThat(row(id).getStatus()).isEqualTo("SENT");
    }

    @Test
    void a_message_a_stopped_node_was_sending_is_marked_uncertain_and_not_sent_again() {
        MailDispatcher crashed = node();
        String to = address();
        UUID id = MailTesting.outbox(db, transactions, crashed).queue(message(to));
        // the crashed node had claimed it and was talking to the server when it stopped
        tx.executeWithoutResult(s -> db.update(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.STATUS, "SENDING")
                .set(MAIL_OUTBOX.CLAIMED_AT, OffsetDateTime.now().minusMinutes(20))
                .where(MAIL_OUTBOX.ID.eq(id))
                .execute());

        node().poll();

        assertThat(MailTesting.awaitReceived(greenMail, to, 1)).isEmpty();
        MailOutboxRecord row = row(id);
        assertThat(row.getStatus()).isEqualTo("UNCERTAIN");
        assertThat(row.getLastError()).doesNotContain(to);
    }

    @Test
    void a_message_being_sent_right_now_by_another_node_is_left_alone() {
        String to = address();
        UUID id = MailTesting.outbox(db, transactions, node()).queue(message(to));
        tx.executeWithoutResult(s -> db.update(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.STATUS, "SENDING")
                .set(MAIL_OUTBOX.CLAIMED_AT, OffsetDateTime.now())
                .where(MAIL_OUTBOX.ID.eq(id))
                .execute());

        node().poll();

        assertThat(row(id).getStatus()).isEqualTo("SENDING");
        assertThat(MailTesting.receivedBy(greenMail, to)).isEmpty();
    }

    @Test
    void a_mail_server_that_is_down_is_retried_later_and_the_message_arrives_once() {
        MailDispatcher down =
                started(MailTesting.dispatcher(db, transactions, MailTesting.sender(MailTesting.closedPort())));
        String to = address();
        UUID id = MailTesting.outbox(db, transactions, down).queue(message(to));

        MailOutboxRecord waiting = awaitAttempts(id, 1);
        assertThat(waiting.getStatus()).isEqualTo("QUEUED");
        assertThat(waiting.getNextAttemptAt()).isAfter(OffsetDateTime.now().plusSeconds(30));
        assertThat(waiting.getLastError()).contains("MailSendException").doesNotContain(to, "Reset");

        // the server is back, but the pause is not over: nothing yet
        MailDispatcher up = node();
        up.poll();
        assertThat(MailTesting.receivedBy(greenMail, to)).isEmpty();

        // the pause is over
        tx.executeWithoutResult(s -> db.update(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, OffsetDateTime.now().minusSeconds(1))
                .where(MAIL_OUTBOX.ID.eq(id))
                .execute());
        up.poll();
        up.poll();

        assertThat(MailTesting.awaitReceived(greenMail, to, 1)).hasSize(1);
        assertThat(row(id).getStatus()).isEqualTo("SENT");
        assertThat(row(id).getAttempts()).isEqualTo(2);
    }

    @Test
    void a_message_refused_for_a_day_fails() {
        MailDispatcher down = MailTesting.dispatcher(db, transactions, MailTesting.sender(MailTesting.closedPort()));
        String to = address();
        MailOutbox outbox = MailTesting.outbox(db, transactions, down);
        UUID id = outbox.queue(message(to));
        assertThat(outbox.status(id)).contains(DeliveryStatus.QUEUED);
        tx.executeWithoutResult(s -> db.update(MAIL_OUTBOX)
                .set(
                        MAIL_OUTBOX.CREATED_AT,
                        OffsetDateTime.now().minusHours(23).minusMinutes(59).minusSeconds(30))
                .where(MAIL_OUTBOX.ID.eq(id))
                .execute());

        down.poll();

        assertThat(row(id).getStatus()).isEqualTo("FAILED");
        assertThat(outbox.status(id))
                .as("a page can say it was never delivered")
                .contains(DeliveryStatus.FAILED);
        node().poll();
        assertThat(MailTesting.receivedBy(greenMail, to)).isEmpty();
    }

    @Test
    void the_status_of_many_messages_is_read_at_once_and_an_unknown_id_has_none() {
        MailDispatcher idle = MailTesting.dispatcher(db, transactions, MailTesting.sender(MailTesting.closedPort()));
        MailOutbox outbox = MailTesting.outbox(db, transactions, idle);
        UUID queued = outbox.queue(message(address()));
        UUID uncertain = outbox.queue(message(address()));
        UUID sent = outbox.queue(message(address()));
        tx.executeWithoutResult(s -> {
            db.update(MAIL_OUTBOX)
                    .set(MAIL_OUTBOX.STATUS, "UNCERTAIN")
                    .where(MAIL_OUTBOX.ID.eq(uncertain))
                    .execute();
            db.update(MAIL_OUTBOX)
                    .set(MAIL_OUTBOX.STATUS, "SENT")
                    .where(MAIL_OUTBOX.ID.eq(sent))
                    .execute();
        });
        UUID unknown = UUID.randomUUID();

        assertThat(outbox.statuses(List.of(queued, uncertain, sent, unknown)))
                .containsOnly(
                        entry(queued, DeliveryStatus.QUEUED),
                        entry(uncertain, DeliveryStatus.UNCERTAIN),
                        entry(sent, DeliveryStatus.SENT));
        assertThat(outbox.status(unknown)).isEmpty();
        assertThat(outbox.statuses(List.of())).isEmpty();
    }

    @Test
    void old_sent_messages_are_deleted_and_queued_ones_kept() {
        MailDispatcher node = node();
        MailOutbox outbox = MailTesting.outbox(db, transactions, node);
        UUID sent = outbox.queue(message(address()));
        node.poll();
        UUID queuedLongAgo = outbox.queue(message(address()));
        tx.executeWithoutResult(s -> db.update(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.CREATED_AT, OffsetDateTime.now().minusDays(8))
                .set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, OffsetDateTime.now().plusDays(1))
                .where(MAIL_OUTBOX.ID.in(sent, queuedLongAgo))
                .execute());

        node.poll();

        assertThat(row(sent)).isNull();
        assertThat(row(queuedLongAgo)).isNotNull();
    }

    @Test
    void without_a_mail_server_queue_refuses_and_says_why_in_plain_words() {
        // the shared test console has no spring.mail.host
        assertThat(consoleOutbox.isConfigured()).isFalse();
        assertThat(consoleOutbox.notConfiguredReason()).contains("No mail server is configured", "spring.mail.host");
        assertThatThrownBy(() -> consoleOutbox.queue(message(address()))).isInstanceOf(IllegalStateException.class);

        assertThat(MailTesting.outbox(db, transactions, node()).notConfiguredReason())
                .isEmpty();
    }

    private MailOutboxRecord awaitAttempts(UUID id, int attempts) {
        long until = System.nanoTime() + 10_000_000_000L;
        MailOutboxRecord row = row(id);
        while ((row.getAttempts() < attempts || !row.getStatus().equals("QUEUED")) && System.nanoTime() < until) {
            MailTesting.sleep(50);
            row = row(id);
        }
        return row;
    }
}
