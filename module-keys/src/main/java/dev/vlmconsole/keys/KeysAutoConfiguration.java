package dev.vlmconsole.keys;

import dev.vlmconsole.api.ConsoleModule;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Found by Spring Boot from this jar: contributes the API keys module to the console. */
@AutoConfiguration
public class KeysAutoConfiguration {

    @Bean
    ConsoleModule keysModule() {
        return new KeysModule();
    }
}
