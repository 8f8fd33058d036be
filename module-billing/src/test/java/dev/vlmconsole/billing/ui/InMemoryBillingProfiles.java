package dev.vlmconsole.billing.ui;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.invoices.BillingProfiles;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Test only: {@link BillingProfiles} in memory, refusing input with the API's field names. */
final class InMemoryBillingProfiles implements BillingProfiles {

    private final ConsoleContext context;
    Profile profile;
    final List<String> salesMessages = new ArrayList<>();

    InMemoryBillingProfiles(ConsoleContext context) {
        this.context = context;
        reset();
    }

    void reset() {
        profile = new Profile("", "", "", "", BigDecimal.ZERO);
        salesMessages.clear();
    }

    @Override
    public Profile profile() {
        context.require(BillingModule.READ);
        return profile;
    }

    @Override
    public Profile save(String companyName, String address, String taxId, String invoiceEmail) {
        context.require(BillingModule.MANAGE);
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        if (!invoiceEmail.isEmpty() && !invoiceEmail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            invalid.add("invoiceEmail", "Enter an email address such as billing@example.com.");
        }
        if (taxId.length() > 64) {
            invalid.add("taxId", "Use at most 64 characters.");
        }
        invalid.throwIfAny();
        profile = new Profile(companyName, address, taxId, invoiceEmail, profile.taxRate());
        return profile;
    }

    @Override
    public void setTaxRate(UUID workspaceId, BigDecimal percent, @Nullable String reason) {
        context.require(Permissions.OPERATOR);
        profile =
                new Profile(profile.companyName(), profile.address(), profile.taxId(), profile.invoiceEmail(), percent);
    }

    @Override
    public void contactSales(String message) {
        context.require(BillingModule.MANAGE);
        if (message.isBlank()) {
            throw InvalidInputException.of("message", "Write a few words for sales.");
        }
        salesMessages.add(message);
    }
}
