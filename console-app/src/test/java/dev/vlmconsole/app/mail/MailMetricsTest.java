package dev.vlmconsole.app.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.app.support.ConsoleTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code console.mail.messages} by kind and outcome (DD032): a kind is counted from zero as soon as a
 * message of it is queued, then each sent, retried and failed message once.
 */
class MailMetricsTest extends ConsoleTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Autowired
    PlatformTransactionManager transactions;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private MailDispatcher dispatcher(JavaMailSenderImpl sender) {
        return new MailDispatcher(db, transactions, sender, MailTesting.SETTINGS, Clock.systemUTC(), registry);
    }

    private double count(String kind, String outcome) {
        return registry.get("console.mail.messages")
                .tag("kind", kind)
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private static MailMessage message(String to, String kind) {
        return new MailMessage(to, "Subject", "Body", null, kind);
    }

    @Test
    void a_kind_is_counted_from_zero_once_queued_and_each_outcome_once() {
        String kind = "test.metrics-" + UUID.randomUUID().toString().substring(0, 8);
        MailDispatcher up = dispatcher(MailTesting.sender(greenMail)); // not started: sent by send()
        MailOutbox outbox = MailTesting.outbox(db, transactions, up);

        UUID sent = outbox.queue(message("person-" + unique() + "@example.test", kind));
        assertThat(count(kind, "sent")).isZero();
        assertThat(count(kind, "failed")).isZero();
        assertThat(up.send(sent)).isTrue();
        assertThat(count(kind, "sent")).isEqualTo(1);

        UUID unsendable = outbox.queue(message("not an address <", kind));
        up.send(unsendable);
        assertThat(count(kind, "failed")).isEqualTo(1);

        MailDispatcher down = dispatcher(MailTesting.sender(MailTesting.closedPort()));
        UUID retried =
                MailTesting.outbox(db, transactions, down).queue(message("person-" + unique() + "@example.test", kind));
        assertThat(down.send(retried)).isFalse();
        assertThat(count(kind, "retry")).isEqualTo(1);
        assertThat(count(kind, "sent")).isEqualTo(1);
        assertThat(count(kind, "uncertain")).isZero();
    }
}
