package dev.vlmconsole.billing.operators.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.billing.operators.OperatorBilling;
import dev.vlmconsole.billing.plans.EnterpriseTerms;
import dev.vlmconsole.billing.ui.BillingText;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * "Enterprise terms": monthly fee, allowance, rate limit per minute, per-credit price and volume tiers
 * (rows of from-credits and price), with a required reason. For a workspace not on Enterprise yet,
 * saving moves it there at once (fee and allowance pro-rated for the rest of the cycle).
 */
class EnterpriseTermsDialog extends Dialog {

    final TextField monthlyFee = new TextField("Monthly fee");
    final TextField allowance = new TextField("Credits included per month");
    final TextField rateLimit = new TextField("Rate limit (requests per minute)");
    final TextField pricePerCredit = new TextField("Price per credit beyond the allowance");
    final Div tierRows = new Div();
    final Button addTier = new Button("Add volume tier", VaadinIcon.PLUS.create());
    final TextArea reason = new TextArea("Reason");
    final Button save;
    final Paragraph formError = new Paragraph();
    final List<TierRow> tiers = new ArrayList<>();

    private final FieldErrors errors = new FieldErrors()
            .bind("monthlyFee", monthlyFee)
            .bind("allowance", allowance)
            .bind("rateLimit", rateLimit)
            .bind("pricePerCredit", pricePerCredit)
            .bind("reason", reason);

    /** One tier's row. */
    static final class TierRow extends HorizontalLayout {
        final TextField fromCredits = new TextField("From credits (overage this cycle)");
        final TextField price = new TextField("Price per credit");
        final Button remove = new Button(VaadinIcon.TRASH.create());

        TierRow(String from, String perCredit) {
            fromCredits.setValue(from);
            price.setValue(perCredit);
            remove.setAriaLabel("Remove this tier");
            remove.addThemeVariants(ButtonVariant.TERTIARY);
            setAlignItems(FlexComponent.Alignment.BASELINE);
            add(fromCredits, price, remove);
        }
    }

    EnterpriseTermsDialog(
            OperatorBilling billing,
            UUID workspaceId,
            String workspaceName,
            boolean onEnterprise,
            EnterpriseTerms.Terms current,
            String currency,
            Runnable done) {
        setHeaderTitle((onEnterprise ? "Enterprise terms of " : "Move to Enterprise: ") + workspaceName);
        setWidth("min(40rem, 96vw)");
        addClassName("billing-op-terms");
        Paragraph intro = new Paragraph(
                onEnterprise
                        ? "The new terms apply to the rate limit at once and to this cycle's fee and overage when it "
                                + "closes; the next cycle grants the new allowance."
                        : "Saving moves the workspace to Enterprise now: the fee and the allowance are pro-rated "
                                + "for the rest of this cycle, and the rate limit applies at once.");
        intro.addClassName("billing-muted");
        monthlyFee.setValue(plain(current.monthlyFee()));
        monthlyFee.setSuffixComponent(new Div(currency));
        allowance.setValue(plain(current.allowance()));
        rateLimit.setValue(Long.toString(perMinute(current)));
        pricePerCredit.setValue(plain(current.pricePerCredit()));
        pricePerCredit.setSuffixComponent(new Div(currency));
        for (TextField f : List.of(monthlyFee, allowance, rateLimit, pricePerCredit)) {
            f.setRequiredIndicatorVisible(true);
            f.setWidthFull();
        }
        H4 tiersTitle = new H4("Volume tiers");
        Paragraph tiersHelp = new Paragraph("Optional. From the given overage credits in a cycle on, each credit "
                + "costs the tier's price (each band at its own price).");
        tiersHelp.addClassName("billing-muted");
        current.tiers().forEach(t -> addTierRow(plain(t.fromCredits()), plain(t.pricePerCredit())));
        addTier.addThemeVariants(ButtonVariant.TERTIARY);
        addTier.addClickListener(e -> addTierRow("", ""));
        reason.setWidthFull();
        reason.setMaxLength(500);
        reason.setRequiredIndicatorVisible(true);
        reason.setHelperText("Shown in the workspace's audit log, such as \"Contract 2026-114 signed\"");
        formError.addClassName("billing-form-error");
        formError.setVisible(false);
        add(intro, monthlyFee, allowance, rateLimit, pricePerCredit, tiersTitle, tiersHelp, tierRows, addTier);
        add(reason, formError);

        save = new Button(onEnterprise ? "Save terms" : "Move to Enterprise");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        save.addClickListener(e -> submit(billing, workspaceId, onEnterprise, done));
        Button cancel = new Button("Cancel", e -> close());
        getFooter().add(cancel, save);
    }

    private void addTierRow(String from, String price) {
        TierRow row = new TierRow(from, price);
        row.remove.addClickListener(e -> {
            tiers.remove(row);
            tierRows.remove(row);
        });
        tiers.add(row);
        tierRows.add(row);
    }

    private void submit(OperatorBilling billing, UUID workspaceId, boolean onEnterprise, Runnable done) {
        errors.clear();
        tiers.forEach(t -> {
            t.fromCredits.setInvalid(false);
            t.price.setInvalid(false);
        });
        formError.setVisible(false);
        try {
            EnterpriseTerms.Terms terms = read();
            boolean moved = billing.setEnterpriseTerms(workspaceId, terms, reason.getValue());
            close();
            Notifications.success(
                    moved ? "The workspace is on Enterprise now, on these terms." : "The Enterprise terms are saved.");
            done.run();
        } catch (InvalidInputException ex) {
            List<InvalidInputException.FieldError> unplaced = new ArrayList<>();
            for (var error : errors.show(ex)) {
                TextField tierField = tierField(error.field());
                if (tierField != null) {
                    tierField.setErrorMessage(error.message());
                    tierField.setInvalid(true);
                } else {
                    unplaced.add(error);
                }
            }
            if (!unplaced.isEmpty()) {
                formError.setText(unplaced.getFirst().message());
                formError.setVisible(true);
            }
        } catch (RuntimeException ex) {
            formError.setText(OperatorText.refused("The terms were not saved", ex));
            formError.setVisible(true);
        }
    }

    /** The form's terms; every field that is not a number is refused at once, naming it. */
    EnterpriseTerms.Terms read() {
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        BigDecimal fee = number(invalid, "monthlyFee", monthlyFee.getValue(), "a fee such as 5000 or 4999.50");
        BigDecimal included = number(invalid, "allowance", allowance.getValue(), "credits such as 1000000");
        BigDecimal price = number(invalid, "pricePerCredit", pricePerCredit.getValue(), "a price such as 0.006");
        long perMinute = 0;
        BigDecimal limit = number(invalid, "rateLimit", rateLimit.getValue(), "whole requests, such as 1000");
        if (limit != null) {
            if (limit.signum() <= 0 || limit.stripTrailingZeros().scale() > 0 || limit.precision() > 12) {
                invalid.add("rateLimit", "Enter whole requests per minute, at least 1.");
            } else {
                perMinute = limit.longValueExact();
            }
        }
        List<EnterpriseTerms.Tier> read = new ArrayList<>();
        for (int i = 0; i < tiers.size(); i++) {
            TierRow row = tiers.get(i);
            BigDecimal from = number(
                    invalid, "tiers[" + i + "].fromCredits", row.fromCredits.getValue(), "credits such as 5000000");
            BigDecimal perCredit =
                    number(invalid, "tiers[" + i + "].pricePerCredit", row.price.getValue(), "a price such as 0.004");
            read.add(new EnterpriseTerms.Tier(from, perCredit));
        }
        invalid.throwIfAny();
        // the terms keep tiers by ascending start, and name a refused tier by that position: show them so
        List<TierRow> byStart = new ArrayList<>(tiers);
        byStart.sort(Comparator.comparing(r -> read.get(tiers.indexOf(r)).fromCredits()));
        tiers.clear();
        tiers.addAll(byStart);
        tierRows.removeAll();
        byStart.forEach(tierRows::add);
        return new EnterpriseTerms.Terms(fee, included, price, read, perMinute, Duration.ofMinutes(1));
    }

    private @Nullable TextField tierField(String field) {
        for (int i = 0; i < tiers.size(); i++) {
            if (field.equals("tiers[" + i + "].fromCredits")) {
                return tiers.get(i).fromCredits;
            }
            if (field.equals("tiers[" + i + "].pricePerCredit")) {
                return tiers.get(i).price;
            }
        }
        return null;
    }

    private static @Nullable BigDecimal number(
            InvalidInputException.Builder invalid, String field, String typed, String example) {
        try {
            BigDecimal v = BillingText.amount(field, typed);
            if (v == null) {
                invalid.add(field, "Enter " + example + ".");
            }
            return v;
        } catch (InvalidInputException e) {
            invalid.add(field, "Enter " + example + ".");
            return null;
        }
    }

    private static long perMinute(EnterpriseTerms.Terms t) {
        long seconds = Math.max(1, t.ratePeriod().toSeconds());
        return BigDecimal.valueOf(t.rateLimit())
                .multiply(BigDecimal.valueOf(60))
                .divide(BigDecimal.valueOf(seconds), 0, RoundingMode.HALF_UP)
                .max(BigDecimal.ONE)
                .longValue();
    }

    private static String plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }
}
