package dev.vlmconsole.app.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.app.support.OnPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Two console nodes on one PostgreSQL database, polling the same outbox at the same moment. */
@OnPostgres
class MailOutboxOnPostgresTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Autowired
    DSLContext db;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void two_nodes_polling_together_send_each_message_once() throws Exception {
        MailDispatcher queuing = MailTesting.dispatcher(db, transactions, MailTesting.sender(greenMail));
        MailOutbox outbox = MailTesting.outbox(db, transactions, queuing); // never started: nothing sent yet
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> recipients = new ArrayList<>();
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            for (int i = 0; i < 60; i++) {
                String to = "race-" + tag + "-" + i + "@example.test";
                recipients.add(to);
                outbox.queue(new MailMessage(to, "Hello " + i, "Body " + i, "<p>Body " + i + "</p>", "test.race"));
            }
        });
        MailDispatcher a = MailTesting.dispatcher(db, transactions, MailTesting.sender(greenMail));
        MailDispatcher b = MailTesting.dispatcher(db, transactions, MailTesting.sender(greenMail));
        CyclicBarrier together = new CyclicBarrier(2);

        CompletableFuture<Integer> byA = CompletableFuture.supplyAsync(() -> pollTogether(a, together));
        CompletableFuture<Integer> byB = CompletableFuture.supplyAsync(() -> pollTogether(b, together));
        int sentByA = byA.get();
        int sentByB = byB.get();
        // and each tries the other's messages once more, as a send after commit would
        a.poll();
        b.poll();

        assertThat(sentByA + sentByB).isEqualTo(60);
        MailTesting.sleep(300);
        for (String to : recipients) {
            assertThat(MailTesting.receivedBy(greenMail, to)).as(to).hasSize(1);
        }
    }

    private static int pollTogether(MailDispatcher node, CyclicBarrier together) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return node.poll();
    }
}
