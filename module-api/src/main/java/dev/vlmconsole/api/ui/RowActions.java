package dev.vlmconsole.api.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.contextmenu.SubMenu;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import java.util.List;
import java.util.Objects;

/**
 * The actions of one grid row behind a "⋮" button: a {@link MenuBar} with a single entry, so the
 * browser gets a real menu button (announced with its label, opened with Enter, Space or the arrow
 * keys, closed with Escape) rather than a click handler on an icon.
 *
 * <pre>{@code
 * grid.addComponentColumn(key -> {
 *     RowActions actions = new RowActions(key.name());
 *     actions.add("Rename", () -> rename(key));
 *     actions.addDestructive("Revoke", () -> confirmRevoke(key));
 *     return actions;
 * }).setKey("actions").setWidth(RowActions.COLUMN_WIDTH).setFlexGrow(0).setFrozenToEnd(true);
 * }</pre>
 *
 * <p>Give the column {@link #COLUMN_WIDTH} rather than an automatic width: the grid measures
 * automatic widths before the menu bar has drawn itself and would leave the column too narrow.
 *
 * <p>The button is labelled "Actions for <i>name</i>" so that a screen reader tells the rows apart.
 * Items run their action on the server; a destructive item (one that deletes, revokes or removes)
 * is shown in the error colour and should open a {@link DestructiveConfirmDialog}. A row without
 * any item shows no button.
 */
@StyleSheet(UiKit.STYLESHEET)
public class RowActions extends Composite<MenuBar> {

    /** Class name of the items added with {@link #addDestructive(String, Runnable)}. */
    public static final String DESTRUCTIVE = "ui-row-actions-destructive";
    /** The width of a grid column of row actions. */
    public static final String COLUMN_WIDTH = "4.5rem";

    private final MenuItem opener;

    /**
     * An empty row menu.
     *
     * @param rowName what the row is, as people know it (a key's name, an endpoint's URL)
     */
    public RowActions(String rowName) {
        Objects.requireNonNull(rowName, "rowName");
        MenuBar bar = getContent();
        bar.addThemeVariants(MenuBarVariant.TERTIARY, MenuBarVariant.ALIGN_END);
        bar.addClassName("ui-row-actions");
        opener = bar.addItem(VaadinIcon.ELLIPSIS_DOTS_V.create());
        opener.setAriaLabel("Actions for " + rowName);
        opener.setTooltipText("Actions");
        bar.setVisible(false);
    }

    /**
     * Adds an item.
     *
     * @param label  what the item does, as a verb ("Rename", "Set expiry")
     * @param action run on the server when the item is chosen
     * @return the item, to disable or hide it later
     */
    public MenuItem add(String label, Runnable action) {
        Objects.requireNonNull(action, "action");
        MenuItem item = opener.getSubMenu().addItem(Objects.requireNonNull(label, "label"), e -> action.run());
        getContent().setVisible(true);
        return item;
    }

    /**
     * Adds an item for an action that destroys something (revoke, delete, remove), shown in the
     * error colour. Let {@code action} ask first with a {@link DestructiveConfirmDialog}.
     *
     * @return the item
     */
    public MenuItem addDestructive(String label, Runnable action) {
        MenuItem item = add(label, action);
        item.getElement().getClassList().add(DESTRUCTIVE);
        return item;
    }

    /** The items, in the order they were added. */
    public List<MenuItem> getItems() {
        return opener.getSubMenu().getItems();
    }

    /** The menu bar, for tests that drive it (for example with Karibu's {@code _clickItemWithCaption}). */
    public MenuBar getMenuBar() {
        return getContent();
    }

    /** The sub-menu that holds the items, for what the methods above do not cover. */
    public SubMenu getSubMenu() {
        return opener.getSubMenu();
    }
}
