package dev.vlmconsole.app.support;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.context.SecurityContext;

/**
 * Base of the browserless UI tests: a fresh mocked Vaadin session and UI per test (see
 * {@link KaribuSupport}); {@link #login} also makes the person visible to Vaadin's view access control.
 */
public abstract class KaribuTest extends ConsoleTest {

    @Autowired
    private ApplicationContext context;

    @BeforeEach
    void setUpVaadin() {
        KaribuSupport.setUp(context);
    }

    @AfterEach
    void tearDownVaadin() {
        KaribuSupport.tearDown();
    }

    @Override
    protected void afterLogin(SecurityContext securityContext) {
        KaribuSupport.signIn(securityContext);
    }

    protected static void navigate(Class<? extends Component> view) {
        UI.getCurrent().navigate(view);
    }

    /** Navigates to a path with a query string, such as {@code login} and {@code error}. */
    protected static void navigate(String path, String query) {
        UI.getCurrent().navigate(path, QueryParameters.fromString(query));
    }

    protected static void navigate(String path) {
        UI.getCurrent().navigate(path);
    }
}
