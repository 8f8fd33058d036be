package dev.vlmconsole.team.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.router.RouteConfiguration;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.RowActions;
import dev.vlmconsole.testsupport.KaribuModuleTest;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** What the Team pages' tests share: the context of test doubles, people, and grid row helpers. */
abstract class TeamUiTest extends KaribuModuleTest {

    static final TeamUiContext TEAM = TeamUiContext.get();

    @Override
    protected ModuleTestContext spring() {
        return TEAM.spring;
    }

    @BeforeEach
    void freshState() {
        TEAM.context.signOut();
        TEAM.invitations.mailConfigured = true;
        TEAM.signIn.off();
        // what TeamPages does when Vaadin starts; here once more in case the mocked service skipped it
        InviteView.register(RouteConfiguration.forApplicationScope());
    }

    @AfterEach
    void restore() {
        TEAM.invitations.mailConfigured = true;
        TEAM.signIn.off();
    }

    static TestWorkspace newWorkspace() {
        return TEAM.directory.newWorkspace(
                "Acme " + UUID.randomUUID().toString().substring(0, 6));
    }

    static TestPerson member(TestWorkspace w, Role role) {
        return TEAM.accounts.register(TEAM.directory.newMember(w, role));
    }

    static void login(TestPerson person, TestWorkspace w) {
        TEAM.context.signIn(person, w);
    }

    /** The formatted cells of each row, in the grid's order. */
    static <T> List<List<String>> rows(Grid<T> grid) {
        return IntStream.range(0, GridKt._size(grid))
                .mapToObj(i -> GridKt._getFormattedRow(grid, i))
                .toList();
    }

    static <T> int rowOf(Grid<T> grid, String text) {
        return IntStream.range(0, GridKt._size(grid))
                .filter(i -> String.join(" ", GridKt._getFormattedRow(grid, i)).contains(text))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row with " + text));
    }

    static <T> RowActions actions(Grid<T> grid, int row) {
        return (RowActions) GridKt._getCellComponent(grid, row, "actions");
    }

    static <T> void choose(Grid<T> grid, int row, String item) {
        ContextMenuKt._clickItemWithCaption(actions(grid, row).getMenuBar(), item);
    }

    static void confirm() {
        _click(_get(DestructiveConfirmDialog.class).getConfirmButton());
    }

    /** Everything the page says, for "never names ..." checks. */
    static String pageText() {
        return _find(Component.class).stream()
                .map(c -> c.getElement().getText())
                .filter(t -> !t.isBlank())
                .collect(Collectors.joining(" "));
    }
}
