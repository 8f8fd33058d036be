package dev.vlmconsole.team.ui;

import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.server.VaadinServiceInitListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Team module's pages that are not navigation entries: the invitation accept page opens without
 * signing in, so the console's module routes (which need a member's permission) cannot hold it. It is
 * registered when Vaadin starts, outside the console's layout; Vaadin's view access control lets
 * anonymous visitors in because of its {@code @AnonymousAllowed}.
 */
@Configuration(proxyBeanMethods = false)
public class TeamPages {

    @Bean
    VaadinServiceInitListener teamInvitePages() {
        return event -> InviteView.register(RouteConfiguration.forApplicationScope());
    }
}
