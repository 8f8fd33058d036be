package dev.vlmconsole.app.support;

import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Base of the browserless UI tests: a mocked Vaadin session and UI per test, served by the Spring
 * context (views and layouts are Spring beans, service-init listeners such as the module routes
 * run). {@link #login} makes the person visible to Vaadin's view access control as well.
 */
public abstract class KaribuTest extends ConsoleTest {

    private static Routes routes;

    @Autowired
    private ApplicationContext context;

    @BeforeAll
    static void discoverRoutes() {
        if (routes == null) {
            routes = new Routes().autoDiscoverViews("dev.vlmconsole");
        }
    }

    @BeforeEach
    void setUpVaadin() {
        MockVaadin.setup(UI::new, new MockSpringServlet(routes, context, UI::new));
    }

    @AfterEach
    void tearDownVaadin() {
        MockVaadin.tearDown();
    }

    @Override
    protected void afterLogin(SecurityContext securityContext) {
        // where the Vaadin-aware security context strategy and the access control look
        VaadinSession.getCurrent().getSession()
                .setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, securityContext);
        FakeRequest request = (FakeRequest) ((VaadinServletRequest) VaadinRequest.getCurrent()).getRequest();
        var authentication = securityContext.getAuthentication();
        request.setUserPrincipalInt(authentication);
        request.setUserInRole((principal, role) -> authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).anyMatch(("ROLE_" + role)::equals));
    }

    protected static void navigate(Class<? extends Component> view) {
        UI.getCurrent().navigate(view);
    }

    /** Navigates to a path with an optional query string, such as {@code login?error}. */
    protected static void navigate(String path, String query) {
        UI.getCurrent().navigate(path, QueryParameters.fromString(query));
    }

    protected static void navigate(String path) {
        UI.getCurrent().navigate(path);
    }
}
