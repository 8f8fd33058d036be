package dev.vlmconsole.app.mail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.vlmconsole.app.ConsoleProperties;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jooq.DSLContext;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.PlatformTransactionManager;

/** An outbox and its dispatchers on a test's database, sending to a GreenMail server. */
public final class MailTesting {

    public static final ConsoleProperties.Mail SETTINGS = new ConsoleProperties.Mail(
            "VLM Console <no-reply@console.test>", Duration.ofSeconds(30), Duration.ofDays(1), Duration.ofDays(7));

    private MailTesting() {}

    /** A sender to {@code greenMail}'s SMTP server. */
    public static JavaMailSenderImpl sender(GreenMailExtension greenMail) {
        return sender(greenMail.getSmtp().getPort());
    }

    /** A sender to a port on this machine; with a short time-out, as a server that is down answers at once. */
    public static JavaMailSenderImpl sender(int port) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("localhost");
        sender.setPort(port);
        sender.getJavaMailProperties().put("mail.smtp.connectiontimeout", "2000");
        sender.getJavaMailProperties().put("mail.smtp.timeout", "5000");
        return sender;
    }

    /** A port no server listens on (a mail server that is down). */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A dispatcher as one console node has it (not started). */
    public static MailDispatcher dispatcher(
            DSLContext db, PlatformTransactionManager transactions, JavaMailSenderImpl sender) {
        return new MailDispatcher(db, transactions, sender, SETTINGS, Clock.systemUTC(), null);
    }

    public static MailOutbox outbox(DSLContext db, PlatformTransactionManager transactions, MailDispatcher dispatcher) {
        return new MailOutbox(db, transactions, dispatcher, Clock.systemUTC());
    }

    /** The messages {@code greenMail} received for {@code to}. */
    public static List<MimeMessage> receivedBy(GreenMailExtension greenMail, String to) {
        return Arrays.stream(greenMail.getReceivedMessages())
                .filter(m -> recipients(m).contains(to))
                .toList();
    }

    private static String recipients(MimeMessage m) {
        try {
            return Arrays.toString(m.getRecipients(Message.RecipientType.TO));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code to} received {@code count} messages (or the time is up), then a little more. */
    public static List<MimeMessage> awaitReceived(GreenMailExtension greenMail, String to, int count) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (receivedBy(greenMail, to).size() < count && System.nanoTime() < until) {
            sleep(50);
        }
        sleep(300); // a second copy would arrive about now
        return receivedBy(greenMail, to);
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
