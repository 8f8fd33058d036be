package dev.vlmconsole.app.support;

import dev.vlmconsole.app.ConsoleApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whole consoles started in the test JVM as the nodes of a multi-node install: each on a random
 * port, on the given PostgreSQL URL, with a data folder of its own (a node stopped while its
 * database is away keeps its unwritten usage there), fast bcrypt and no plugins.
 */
public final class ConsoleNodes {

    private ConsoleNodes() {}

    /** Starts a node on {@code jdbcUrl} (a database of {@link Postgres}); {@code extra} adds or overrides settings. */
    public static ConfigurableApplicationContext start(String jdbcUrl, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + Postgres.USER,
                "--spring.datasource.password=",
                "--console.security.bcrypt-cost=4",
                "--console.plugins-dir=target/no-plugins",
                "--console.data-dir=" + dataDir()));
        args.addAll(List.of(extra));
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try {
            return ConsoleApplication.start(args.toArray(String[]::new));
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    /** The port a started node listens on. */
    public static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    private static String dataDir() {
        try {
            return Files.createTempDirectory("console-data").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
