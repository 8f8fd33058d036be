package dev.vlmconsole.team;

import dev.vlmconsole.api.ConsoleModule;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Found by Spring Boot from this jar: contributes the Team module to the console. */
@AutoConfiguration
public class TeamAutoConfiguration {

    @Bean
    ConsoleModule teamModule() {
        return new TeamModule();
    }
}
