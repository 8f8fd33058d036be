package dev.vlmconsole.billing.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.api.ui.RowActions;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.billing.plans.Subscriptions;
import dev.vlmconsole.billing.plans.Subscriptions.KeyBudget;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Per-key monthly credit budgets: each active key with its budget, what it spent this cycle and
 * whether it is exhausted (then it answers "insufficient credits" until the cycle resets). Owners and
 * Billing members set and remove budgets from each row.
 */
class BudgetsGrid extends Div {

    final Grid<KeyBudget> grid = new Grid<>();
    /** Says which keys spent their budgets, and that their late usage is still recorded. */
    final Paragraph exhaustedNote = new Paragraph();

    private final Subscriptions subscriptions;
    private final boolean manage;
    private List<KeyBudget> budgets = List.of();

    BudgetsGrid(Subscriptions subscriptions, boolean manage) {
        this.subscriptions = subscriptions;
        this.manage = manage;
        addClassName("billing-budgets");
        grid.addComponentColumn(BudgetsGrid::keyCell)
                .setHeader("Key")
                .setKey("key")
                // a set width that grows, not the content's: on a phone the name and prefix wrap onto two lines
                // instead of pushing the budget and spent columns out of sight
                .setWidth("11rem")
                .setFlexGrow(1);
        grid.addColumn(b -> b.monthlyCredits() == null ? "No budget" : BillingText.creditsWord(b.monthlyCredits()))
                .setHeader("Monthly budget")
                .setKey("budget")
                .setAutoWidth(true)
                .setFlexGrow(0)
                .setPartNameGenerator(b -> "billing-number");
        grid.addColumn(b -> BillingText.credits(b.spentThisCycle()))
                .setHeader("Spent this cycle")
                .setKey("spent")
                .setAutoWidth(true)
                .setFlexGrow(0)
                .setPartNameGenerator(b -> "billing-number");
        grid.addComponentColumn(BudgetsGrid::status)
                .setHeader("Status")
                .setKey("status")
                .setWidth("8rem")
                .setFlexGrow(0);
        if (manage) {
            grid.addComponentColumn(this::actions)
                    .setHeader("")
                    .setKey("actions")
                    .setWidth(RowActions.COLUMN_WIDTH)
                    .setFlexGrow(0)
                    .setFrozenToEnd(true);
        }
        grid.setAllRowsVisible(true);
        grid.addClassName("billing-budgets-grid");
        grid.setEmptyStateComponent(new EmptyState(
                VaadinIcon.KEY.create(),
                "No active API keys",
                "Budgets cap what one key may spend in a cycle. Create a key on the API keys page first."));
        exhaustedNote.addClassName("billing-cap-note");
        exhaustedNote.getElement().setAttribute("role", "status");
        exhaustedNote.setVisible(false);
        add(exhaustedNote, grid);
    }

    /** The keys, for the chart's key filter too. */
    List<KeyBudget> refresh() {
        budgets = subscriptions.budgets();
        grid.setItems(budgets);
        List<String> spent = budgets.stream()
                .filter(KeyBudget::exhausted)
                .map(KeyBudget::name)
                .toList();
        exhaustedNote.setVisible(!spent.isEmpty());
        exhaustedNote.setText(exhausted(spent));
        return budgets;
    }

    /** "ci-bot has spent its budget: it answers ..." for the keys named; empty for none. */
    static String exhausted(List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        String who = names.size() == 1
                ? names.getFirst() + " has spent its budget: it answers"
                : String.join(", ", names) + " have spent their budgets: they answer";
        return who + " \"insufficient credits\" until the cycle resets or the budget is raised. Usage that"
                + " still arrives for them is recorded and counted: it happened.";
    }

    private static Component keyCell(KeyBudget b) {
        Span name = new Span(b.name());
        name.addClassName("billing-key-name");
        Span prefix = new Span(b.prefix() + "…");
        prefix.addClassName("billing-mono");
        Div cell = new Div(name, prefix);
        cell.addClassName("billing-key-cell");
        return cell;
    }

    private static Component status(KeyBudget b) {
        if (b.exhausted()) {
            return new StatusBadge("Exhausted", StatusBadge.Tone.ERROR);
        }
        if (b.monthlyCredits() == null) {
            return new Span();
        }
        return new StatusBadge("Within budget", StatusBadge.Tone.SUCCESS);
    }

    private Component actions(KeyBudget b) {
        RowActions actions = new RowActions(b.name());
        actions.add(
                b.monthlyCredits() == null ? "Set budget" : "Change budget",
                () -> budgetDialog(b).open());
        if (b.monthlyCredits() != null) {
            actions.add("Remove budget", () -> save(b, null, null));
        }
        return actions;
    }

    /** The dialog that sets or changes a key's budget. */
    Dialog budgetDialog(KeyBudget b) {
        Dialog d = new Dialog();
        d.setHeaderTitle("Monthly budget of " + b.name());
        d.addClassName("billing-budget-dialog");
        d.setWidth("min(30rem, 94vw)");
        TextField credits = new TextField("Credits per cycle");
        credits.setValue(b.monthlyCredits() == null ? "" : b.monthlyCredits().toPlainString());
        credits.setHelperText("It spent " + BillingText.creditsWord(b.spentThisCycle()) + " this cycle. Once its "
                + "usage reaches the budget the key answers \"insufficient credits\" until the cycle resets (0 stops it"
                + " at once); usage that still arrives is recorded.");
        credits.setWidthFull();
        credits.setAutofocus(true);
        FieldErrors errors = new FieldErrors().bind("monthlyCredits", credits);
        Button save = new Button("Save budget", e -> {
            errors.clear();
            try {
                BigDecimal value = BillingText.amount("monthlyCredits", credits.getValue());
                if (value == null) {
                    throw InvalidInputException.of(
                            "monthlyCredits", "Enter the credits, or use Remove budget to remove it.");
                }
                save(b, value, d);
            } catch (InvalidInputException ex) {
                errors.show(ex).forEach(unplaced -> Notifications.error(unplaced.message()));
            }
        });
        save.addThemeVariants(ButtonVariant.PRIMARY);
        save.addClickShortcut(Key.ENTER).listenOn(credits);
        Paragraph prefix = new Paragraph(b.prefix() + "…");
        prefix.addClassName("billing-mono");
        d.add(prefix, credits);
        d.getFooter().add(new Button("Cancel", e -> d.close()), save);
        return d;
    }

    /**
     * Sets ({@code credits}) or removes ({@code null}) the budget; field errors go back to the dialog's
     * caller, anything else is said in a notification.
     */
    private void save(KeyBudget b, @Nullable BigDecimal credits, @Nullable Dialog dialog) {
        try {
            subscriptions.setBudget(b.keyId(), credits);
            if (dialog != null) {
                dialog.close();
            }
            Notifications.success(
                    credits == null
                            ? "Budget of " + b.name() + " removed."
                            : "Budget of " + b.name() + " set to " + BillingText.creditsWord(credits) + " a cycle.");
            refresh();
        } catch (InvalidInputException ex) {
            if (dialog == null) {
                Notifications.error(BillingText.refused("The budget was not changed", ex));
            } else {
                throw ex;
            }
        } catch (RuntimeException ex) {
            Notifications.error(BillingText.refused("The budget was not changed", ex));
        }
    }
}
