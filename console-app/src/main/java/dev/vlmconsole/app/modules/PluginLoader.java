package dev.vlmconsole.app.modules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Puts the module jars of the plugins folder on a class loader before Spring starts, so that
 * Spring Boot finds their auto-configurations like those of built-in modules.
 *
 * Why a jar in a folder and auto-configuration rather than a list of modules: DD001
 * ({@code docs/decisions/DD001-modules-found-not-listed.md}).
 */
public final class PluginLoader {

    private static final Logger log = LoggerFactory.getLogger(PluginLoader.class);

    private PluginLoader() {}

    /**
     * The plugins folder: {@code --console.plugins-dir}, {@code CONSOLE_PLUGINS_DIR}, or
     * {@code plugins/} beside the data folder ({@code CONSOLE_DATA_DIR}, default {@code ./data}).
     */
    public static Path pluginsDirectory(String... args) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        String explicit = firstNonBlank(env.getProperty("console.plugins-dir"), env.getProperty("CONSOLE_PLUGINS_DIR"));
        if (explicit != null) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        String dataDir =
                firstNonBlank(env.getProperty("console.data-dir"), env.getProperty("CONSOLE_DATA_DIR"), "./data");
        return Path.of(dataDir).toAbsolutePath().normalize().resolveSibling("plugins");
    }

    /** A loader over the jars in {@code directory}, or {@code parent} itself when there are none. */
    public static ClassLoader classLoaderFor(Path directory, ClassLoader parent) {
        List<Path> jars = jarsIn(directory);
        if (jars.isEmpty()) {
            return parent;
        }
        jars.forEach(jar -> log.info("Loading plugin module {}", jar.getFileName()));
        URL[] urls = jars.stream().map(PluginLoader::toUrl).toArray(URL[]::new);
        return new URLClassLoader("console-plugins", urls, parent);
    }

    static List<Path> jarsIn(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the plugins folder " + directory, e);
        }
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
