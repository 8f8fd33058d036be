package dev.vlmconsole.team;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.team.ui.TeamPages;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Found by Spring Boot from this jar: contributes the Team module to the console. */
@AutoConfiguration
@Import(TeamPages.class)
public class TeamAutoConfiguration {

    @Bean
    ConsoleModule teamModule() {
        return new TeamModule();
    }
}
