package dev.vlmconsole.app.modules;

import dev.vlmconsole.api.ConsoleModule;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/** Wires the module registry and runs migrations before anything reads the database. */
@Configuration(proxyBeanMethods = false)
class ModulesConfiguration {

    @Bean
    ModuleRegistry moduleRegistry(ObjectProvider<ConsoleModule> modules) {
        List<ConsoleModule> all = new ArrayList<>();
        all.add(new CoreModule());
        modules.orderedStream().forEach(all::add);
        return new ModuleRegistry(all);
    }

    @Bean(initMethod = "migrate")
    ModuleMigrations moduleMigrations(DataSource dataSource, ModuleRegistry registry, ResourceLoader loader) {
        return new ModuleMigrations(dataSource, registry, loader.getClassLoader());
    }
}
