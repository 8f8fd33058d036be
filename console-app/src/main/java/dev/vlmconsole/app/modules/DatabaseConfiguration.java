package dev.vlmconsole.app.modules;

import org.jooq.conf.RenderQuotedNames;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.jooq.autoconfigure.DefaultConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** jOOQ settings shared by every module. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    /**
     * Names are rendered unquoted so that the same generated classes work on H2 (which upper-cases
     * unquoted names) and on PostgreSQL (which lower-cases them).
     */
    @Bean
    DefaultConfigurationCustomizer unquotedNames() {
        return configuration -> configuration.settings().withRenderQuotedNames(RenderQuotedNames.NEVER);
    }

    /** Nobody gets a {@code DSLContext} before every module's tables exist. */
    @Bean
    static BeanFactoryPostProcessor dslContextAfterMigrations() {
        return factory -> {
            if (factory.containsBeanDefinition("dslContext")) {
                factory.getBeanDefinition("dslContext").setDependsOn("moduleMigrations");
            }
        };
    }
}
