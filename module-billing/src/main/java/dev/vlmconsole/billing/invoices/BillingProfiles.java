package dev.vlmconsole.billing.invoices;

import java.math.BigDecimal;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The current workspace's billing profile, which invoices carry, and the operators' tax rate. Reads
 * require {@code billing.read}, {@link #save} {@code billing.manage}; {@link #setTaxRate} requires
 * the operator permission ({@link dev.vlmconsole.api.Permissions#OPERATOR}).
 */
public interface BillingProfiles {

    /**
     * A billing profile; empty strings where nothing was given.
     *
     * @param companyName  legal name
     * @param address      postal address, several lines
     * @param taxId        VAT or tax id
     * @param invoiceEmail where invoices are mailed; empty: the Owners and Billing members
     * @param taxRate      percent, set by operators (0 by default), shown as its own invoice line
     */
    record Profile(String companyName, String address, String taxId, String invoiceEmail, BigDecimal taxRate) {}

    /** The profile now. */
    Profile profile();

    /** Saves name, address, tax id and invoice email (the tax rate is the operators'). */
    Profile save(String companyName, String address, String taxId, String invoiceEmail);

    /** Sets a workspace's tax rate (percent, 0 to 100) with a reason; audited in that workspace. */
    void setTaxRate(UUID workspaceId, BigDecimal percent, @Nullable String reason);

    /**
     * Stores an Enterprise "Contact sales" request from the current workspace (operators see it; it is
     * mailed to {@code console.billing.sales-email} when set). Requires {@code billing.manage}.
     */
    void contactSales(String message);
}
