package dev.vlmconsole.testsupport;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.InternalServerError;
import com.vaadin.flow.router.RouteAccessDeniedError;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.router.RouteNotFoundError;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.NavigationEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A module's pages in a mocked Vaadin session and UI (Karibu Testing), without a browser and without
 * the console: each {@link NavigationEntry} of the context's modules is a route at its path (outside
 * the console's layout), views are made by Spring from the {@link ModuleTestContext} (their
 * constructors take the module's beans, as in production), and navigation to a page whose
 * permission the acting member lacks is refused as the console refuses it: rerouted to the
 * access-denied error, which Karibu turns into a {@code MockAccessDeniedException} naming the
 * page's title, thrown from {@code navigate}. Who is signed in is the {@link FakeConsoleContext}'s
 * business.
 *
 * <p>JUnit tests usually extend {@link KaribuModuleTest}, which calls {@link #setUp} and
 * {@link #tearDown} around each test.
 */
public final class ModuleUi {

    private ModuleUi() {}

    /** A fresh mocked session and UI on {@code spring}, with its modules' pages registered and guarded. */
    public static void setUp(ModuleTestContext spring) {
        Routes routes = new Routes();
        routes.getErrorRoutes()
                .addAll(List.of(RouteAccessDeniedError.class, RouteNotFoundError.class, InternalServerError.class));
        MockVaadin.setup(UI::new, new MockSpringServlet(routes, spring.context(), UI::new));

        List<NavigationEntry> entries = new ArrayList<>();
        spring.modules().forEach(m -> entries.addAll(m.navigation()));
        RouteConfiguration configuration = RouteConfiguration.forApplicationScope();
        for (NavigationEntry entry : entries) {
            Optional<Class<? extends Component>> taken = configuration.getRoute(entry.path());
            if (taken.isEmpty()) {
                configuration.setRoute(entry.path(), entry.view());
            } else if (!taken.get().equals(entry.view())) {
                throw new IllegalStateException("Two pages claim /" + entry.path() + ": "
                        + taken.get().getName() + " and " + entry.view().getName());
            }
        }
        ConsoleContext context = spring.consoleContext();
        UI.getCurrent().addBeforeEnterListener(event -> guard(event, entries, context));
    }

    /** Ends the mocked session. */
    public static void tearDown() {
        MockVaadin.tearDown();
    }

    /** What the console's guard does: a page needs its entry's permission. */
    private static void guard(BeforeEnterEvent event, List<NavigationEntry> entries, ConsoleContext context) {
        entries.stream()
                .filter(e -> e.view().equals(event.getNavigationTarget()))
                .findFirst()
                .filter(e -> !context.can(e.requiredPermission()))
                .ifPresent(e -> event.rerouteToError(AccessDeniedException.class, e.title()));
    }
}
