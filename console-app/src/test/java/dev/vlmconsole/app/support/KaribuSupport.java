package dev.vlmconsole.app.support;

import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * A mocked Vaadin session and UI served by a Spring context: views and layouts are Spring beans.
 * Karibu's {@code MockSpringServletService} extends Vaadin's Spring service, so the context's
 * {@code VaadinServiceInitListener} beans run as in production: module pages are registered by
 * {@code ModuleRoutes} itself and guarded by its listener ({@code ModuleRoutesTest} fails if not).
 */
public final class KaribuSupport {

    private static Routes routes;

    private KaribuSupport() {}

    /** Every {@code @Route} and error view of the console, discovered once per test run. */
    private static synchronized Routes routes() {
        if (routes == null) {
            routes = new Routes().autoDiscoverViews("dev.vlmconsole");
        }
        return routes;
    }

    public static void setUp(ApplicationContext context) {
        MockVaadin.setup(UI::new, new MockSpringServlet(routes(), context, UI::new));
    }

    public static void tearDown() {
        MockVaadin.tearDown();
    }

    /**
     * Makes a signed-in security context visible where Vaadin looks: the HTTP session (read by
     * the Vaadin-aware security context strategy) and the request principal (read by view access
     * control).
     */
    public static void signIn(SecurityContext securityContext) {
        VaadinSession.getCurrent()
                .getSession()
                .setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, securityContext);
        FakeRequest request = (FakeRequest) ((VaadinServletRequest) VaadinRequest.getCurrent()).getRequest();
        Authentication authentication = securityContext.getAuthentication();
        request.setUserPrincipalInt(authentication);
        request.setUserInRole((principal, role) -> authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .anyMatch(("ROLE_" + role)::equals));
    }
}
