package dev.vlmconsole.testsupport;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of a module's browserless page tests: a fresh mocked Vaadin session and UI per test over the
 * subclass's {@link ModuleTestContext} (see {@link ModuleUi}). Sign a member in with the context's
 * {@link FakeConsoleContext#signIn}, then {@link #navigate} to the page.
 *
 * <pre>{@code
 * class WidgetsViewTest extends KaribuModuleTest {
 *     static final ModuleTestContext SPRING = ...; // one per class: starting it costs more than a test
 *
 *     protected ModuleTestContext spring() { return SPRING; }
 *
 *     @Test
 *     void a_viewer_sees_no_add_button() {
 *         TestWorkspace w = SPRING.members().newWorkspace();
 *         SPRING.consoleContext().signIn(SPRING.members().newMember(w, Role.VIEWER), w);
 *         navigate("widgets");
 *         assertThat(_find(Button.class, s -> s.withText("Add"))).isEmpty();
 *     }
 * }
 * }</pre>
 */
public abstract class KaribuModuleTest {

    /** The module's context the pages are made from. */
    protected abstract ModuleTestContext spring();

    @BeforeEach
    void setUpModuleUi() {
        ModuleUi.setUp(spring());
    }

    @AfterEach
    void tearDownModuleUi() {
        ModuleUi.tearDown();
    }

    /** Navigates to a page by path, such as {@code keys}. */
    protected static void navigate(String path) {
        UI.getCurrent().navigate(path);
    }

    /** Navigates to a page by class. */
    protected static void navigate(Class<? extends Component> view) {
        UI.getCurrent().navigate(view);
    }
}
