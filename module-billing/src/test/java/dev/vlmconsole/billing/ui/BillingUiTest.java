package dev.vlmconsole.billing.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;

import com.github.mvysny.fakeservlet.FakeResponse;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinServletResponse;
import com.vaadin.flow.server.VaadinServletService;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.streams.DownloadEvent;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.testsupport.KaribuModuleTest;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;

/** Test only: what the Billing page's tests share: the context of doubles, people, page helpers. */
abstract class BillingUiTest extends KaribuModuleTest {

    static final BillingUiContext BILLING = BillingUiContext.get();

    TestWorkspace workspace;

    @Override
    protected ModuleTestContext spring() {
        return BILLING.spring;
    }

    @BeforeEach
    void freshState() {
        BILLING.reset();
        workspace = BILLING.context
                .members()
                .newWorkspace("Acme " + UUID.randomUUID().toString().substring(0, 6));
    }

    /** Signs in a new member of the workspace with {@code role} and opens the Billing page. */
    TestPerson openAs(Role role) {
        TestPerson person = BILLING.context.members().newMember(workspace, role);
        BILLING.context.signIn(person, workspace);
        navigate("billing");
        return person;
    }

    static BillingView view() {
        return _get(BillingView.class);
    }

    /** Everything the page (and any open dialog) says, for "says ..." checks. */
    static String pageText() {
        return _find(Component.class).stream()
                .map(c -> c.getElement().getText())
                .filter(t -> !t.isBlank())
                .collect(Collectors.joining(" | "));
    }

    static <T> List<List<String>> rows(Grid<T> grid) {
        return IntStream.range(0, GridKt._size(grid))
                .mapToObj(i -> GridKt._getFormattedRow(grid, i))
                .toList();
    }

    /** Runs {@code handler} as the browser's download request would, and answers the response. */
    static FakeResponse download(DownloadHandler handler, Component owner) throws Exception {
        FakeResponse response = new FakeResponse();
        handler.handleDownloadRequest(new DownloadEvent(
                VaadinRequest.getCurrent(),
                new VaadinServletResponse(response, (VaadinServletService) VaadinService.getCurrent()),
                VaadinSession.getCurrent(),
                owner.getElement()));
        return response;
    }
}
