package dev.vlmconsole.billing.invoices;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who issues the invoices, {@code console.billing.seller.*}: printed at the top of every invoice PDF.
 * Without a name the invoices name the install by its address ({@code console.public-url}'s host).
 *
 * @param name    the seller's legal name
 * @param address postal address; lines separated by {@code \n} or {@code ;}
 * @param taxId   the seller's VAT or tax id
 * @param email   where payers write about invoices
 */
@ConfigurationProperties("console.billing.seller")
public record SellerProperties(
        @DefaultValue("") String name,
        @DefaultValue("") String address,
        @DefaultValue("") String taxId,
        @DefaultValue("") String email) {

    public SellerProperties {
        check(name, 200, "console.billing.seller.name");
        check(address, 1000, "console.billing.seller.address");
        check(taxId, 50, "console.billing.seller.tax-id");
        check(email, 254, "console.billing.seller.email");
    }

    /** The address's lines, without blank ones. */
    public List<String> addressLines() {
        return address.lines()
                .flatMap(l -> List.of(l.split(";")).stream())
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
    }

    private static void check(String value, int max, String setting) {
        if (value.length() > max) {
            throw new IllegalArgumentException(setting + " must be at most " + max + " characters");
        }
    }
}
