package dev.vlmconsole.billing.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.billing.invoices.BillingProfiles;
import dev.vlmconsole.billing.invoices.BillingProfiles.Profile;

/**
 * The billing profile invoices carry: company, address, tax id, invoice email; the tax rate is shown,
 * it is the operators'. Read-only for those who may not change billing.
 */
class ProfileForm extends Div {

    final TextField companyName = new TextField("Company name");
    final TextArea address = new TextArea("Address");
    final TextField taxId = new TextField("Tax ID");
    final EmailField invoiceEmail = new EmailField("Invoice email");
    final Button save = new Button("Save profile");
    final Paragraph taxRate = new Paragraph();
    final Paragraph formError = new Paragraph();
    private final FieldErrors errors = new FieldErrors()
            .bind("companyName", companyName)
            .bind("address", address)
            .bind("taxId", taxId)
            .bind("invoiceEmail", invoiceEmail);
    private final BillingProfiles profiles;

    ProfileForm(BillingProfiles profiles, boolean manage) {
        this.profiles = profiles;
        addClassName("billing-profile");
        companyName.setMaxLength(200);
        address.setMaxLength(1000);
        address.setHelperText("As it should appear on invoices, on several lines.");
        taxId.setMaxLength(50);
        invoiceEmail.setMaxLength(254);
        taxId.setHelperText("VAT or tax number, if you have one.");
        invoiceEmail.setHelperText("Empty: invoices go to the Owners and Billing members.");
        taxRate.addClassName("billing-muted");
        formError.addClassName("billing-form-error");
        formError.setVisible(false);
        FormLayout form = new FormLayout(companyName, taxId, address, invoiceEmail);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("36rem", 2));
        add(form, taxRate, formError);
        if (manage) {
            save.addThemeVariants(ButtonVariant.PRIMARY);
            save.addClickListener(e -> save());
            // Enter saves from a one-line field; in the address it starts a new line
            save.addClickShortcut(Key.ENTER).listenOn(companyName, taxId, invoiceEmail);
            add(save);
        } else {
            companyName.setReadOnly(true);
            address.setReadOnly(true);
            taxId.setReadOnly(true);
            invoiceEmail.setReadOnly(true);
            Span note = new Span("Owners and Billing members change the billing profile.");
            note.addClassName("billing-muted");
            add(note);
        }
        show(profiles.profile());
    }

    void show(Profile p) {
        companyName.setValue(p.companyName());
        address.setValue(p.address());
        taxId.setValue(p.taxId());
        invoiceEmail.setValue(p.invoiceEmail());
        taxRate.setText("Tax rate: " + p.taxRate().stripTrailingZeros().toPlainString()
                + " %, shown as its own line on invoices (set by support).");
    }

    private void save() {
        errors.clear();
        formError.setVisible(false);
        try {
            show(profiles.save(
                    companyName.getValue().strip(),
                    address.getValue().strip(),
                    taxId.getValue().strip(),
                    invoiceEmail.getValue().strip()));
            Notifications.success("Billing profile saved. Invoices issued from now on carry it.");
        } catch (InvalidInputException ex) {
            errors.show(ex).forEach(unplaced -> {
                formError.setText(unplaced.message());
                formError.setVisible(true);
            });
        } catch (RuntimeException ex) {
            formError.setText(BillingText.refused("The profile was not saved", ex));
            formError.setVisible(true);
        }
    }
}
