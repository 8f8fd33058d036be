package dev.vlmconsole.billing.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.billing.plans.Subscriptions;
import dev.vlmconsole.billing.plans.Subscriptions.Account;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The monthly spending limit (on usage charges: overage, not the fee or top-ups), whether it is hard,
 * and the alert thresholds. Read-only for those who may not change billing.
 */
class LimitForm extends Div {

    static final String HARD = "Hard: refuse calls once it is reached";
    static final String SOFT = "Soft: alert only, calls go on";

    final TextField amount = new TextField("Monthly spending limit");
    final RadioButtonGroup<String> mode = new RadioButtonGroup<>("When the limit is reached");
    final TextField thresholds = new TextField("Alert at (% of the limit)");
    final Button save = new Button("Save limit");
    final Paragraph formError = new Paragraph();
    private final FieldErrors errors =
            new FieldErrors().bind("amount", amount).bind("hard", mode).bind("thresholds", thresholds);

    private final Subscriptions subscriptions;
    private final Runnable changed;

    LimitForm(Subscriptions subscriptions, boolean manage, Runnable changed) {
        this.subscriptions = subscriptions;
        this.changed = changed;
        addClassName("billing-limit");
        amount.setClearButtonVisible(true);
        amount.setPlaceholder("No limit");
        amount.setHelperText("Counts what usage beyond your credits (overage) costs this cycle, not the subscription"
                + " fee or top-ups. 0 allows nothing beyond the credits you have; empty means no limit.");
        mode.setItems(HARD, SOFT);
        mode.setValue(HARD);
        thresholds.setPlaceholder("50, 80, 100");
        thresholds.setHelperText("Owners and Billing members are emailed once per threshold per cycle.");
        formError.addClassName("billing-form-error");
        formError.setVisible(false);

        FormLayout form = new FormLayout(amount, thresholds, mode);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("36rem", 2));
        form.setColspan(mode, 2);
        add(form, formError);
        if (manage) {
            save.addThemeVariants(ButtonVariant.PRIMARY);
            save.addClickListener(e -> save());
            save.addClickShortcut(Key.ENTER).listenOn(amount, thresholds);
            add(save);
        } else {
            amount.setReadOnly(true);
            mode.setReadOnly(true);
            thresholds.setReadOnly(true);
            Span note = new Span("Owners and Billing members change the limit.");
            note.addClassName("billing-muted");
            add(note);
        }
    }

    void show(Account account) {
        errors.clear();
        formError.setVisible(false);
        amount.setPrefixComponent(new Span(account.upcomingInvoice().currency().getSymbol(Locale.US)));
        amount.setValue(account.limit() == null ? "" : account.limit().amount().toPlainString());
        mode.setValue(account.hardLimit() ? HARD : SOFT);
        thresholds.setValue(
                account.alertThresholds().stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }

    private void save() {
        errors.clear();
        formError.setVisible(false);
        try {
            InvalidInputException.Builder invalid = InvalidInputException.builder();
            BigDecimal limit = null;
            List<Integer> percents = List.of();
            try {
                limit = BillingText.amount("amount", amount.getValue());
            } catch (InvalidInputException ex) {
                invalid.addAll(ex);
            }
            try {
                percents = percents();
            } catch (InvalidInputException ex) {
                invalid.addAll(ex);
            }
            invalid.throwIfAny();
            Account account = subscriptions.setLimit(limit, HARD.equals(mode.getValue()), percents);
            show(account);
            Notifications.success(
                    account.limit() == null
                            ? "Spending limit removed."
                            : "Spending limit set to " + PlanSummary.limit(account) + ".");
            changed.run();
        } catch (InvalidInputException ex) {
            errors.show(ex).forEach(unplaced -> {
                formError.setText(unplaced.message());
                formError.setVisible(true);
            });
        } catch (RuntimeException ex) {
            formError.setText(BillingText.refused("The limit was not saved", ex));
            formError.setVisible(true);
        }
    }

    /** The thresholds as typed (a problem with them and with the amount are shown together): whole percents separated by commas or spaces; empty for none. */
    List<Integer> percents() {
        List<Integer> out = new ArrayList<>();
        for (String part : thresholds.getValue().split("[,;\\s%]+")) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                out.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                throw InvalidInputException.of(
                        "thresholds", "Enter whole percents separated by commas, such as 50, 80, 100.");
            }
        }
        return out;
    }
}
