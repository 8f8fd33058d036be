package dev.vlmconsole.webhooks;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.ConsoleModule;
import java.time.Clock;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Found by Spring Boot in this jar (see {@code META-INF/spring/...AutoConfiguration.imports}):
 * contributes the module's descriptor and the beans its page needs.
 */
@AutoConfiguration
public class WebhooksAutoConfiguration {

    /** Holds the service lazily: descriptors are collected before the database is migrated. */
    @Bean
    ConsoleModule webhooksModule(ObjectProvider<WebhookService> service) {
        return new WebhooksModule(service::getObject);
    }

    @Bean
    WebhookRepository webhookRepository(DSLContext db) {
        return new WebhookRepository(db);
    }

    @Bean
    WebhookService webhookService(
            WebhookRepository repository, ConsoleContext context, AuditLog audit, ObjectProvider<Clock> clock) {
        return new WebhookService(repository, context, audit, clock.getIfUnique(Clock::systemUTC));
    }
}
