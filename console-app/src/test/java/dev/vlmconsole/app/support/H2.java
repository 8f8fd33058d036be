package dev.vlmconsole.app.support;

import java.util.UUID;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** An in-memory H2 database per Spring context, as the console uses by default (but not on disk). */
public final class H2 {

    private H2() {}

    /** JDBC URL of a fresh in-memory database that lives until the JVM exits. */
    public static String newDatabaseUrl() {
        return "jdbc:h2:mem:console-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /** Points a Spring context at a fresh in-memory database. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(
                            "spring.datasource.url=" + newDatabaseUrl(),
                            "spring.datasource.username=sa",
                            "spring.datasource.password=")
                    .applyTo(context);
        }
    }
}
