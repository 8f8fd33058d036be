package dev.vlmconsole.app;

import dev.vlmconsole.app.modules.PluginLoader;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The console: the shell that discovers modules on the classpath and in the plugins folder. */
@SpringBootApplication
@EnableConfigurationProperties(ConsoleProperties.class)
@EnableScheduling
public class ConsoleApplication {

    public static void main(String[] args) {
        start(args);
    }

    /**
     * Starts the console with the module jars of the plugins folder on a class loader of their
     * own, so that their auto-configurations, views and migrations are found like built-in ones.
     */
    public static ConfigurableApplicationContext start(String... args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        ClassLoader parent = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = PluginLoader.classLoaderFor(PluginLoader.pluginsDirectory(args), parent);
        Thread.currentThread().setContextClassLoader(loader);
        SpringApplication app = new SpringApplication(new DefaultResourceLoader(loader), ConsoleApplication.class);
        return app.run(args);
    }
}
