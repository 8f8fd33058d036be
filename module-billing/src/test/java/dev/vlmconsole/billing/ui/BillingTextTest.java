package dev.vlmconsole.billing.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.services.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The page's words for money, credits, times and refusals. */
class BillingTextTest {

    @Test
    void money_keeps_minor_digits_and_the_digits_of_a_price_per_credit() {
        assertThat(BillingText.money(Money.of("1234.5", "USD"))).isEqualTo("$1,234.50");
        assertThat(BillingText.money(Money.of("0.008", "USD"))).isEqualTo("$0.008");
        assertThat(BillingText.money(Money.of("-5", "USD"))).isEqualTo("-$5.00");
        assertThat(BillingText.money(Money.of("12", "CHF"))).isEqualTo("CHF 12.00");
        assertThat(BillingText.money(Money.of("1000", "JPY"))).isEqualTo("¥1,000");
    }

    @Test
    void credits_show_only_the_digits_they_have() {
        assertThat(BillingText.credits(new BigDecimal("100000"))).isEqualTo("100,000");
        assertThat(BillingText.credits(new BigDecimal("1234.500000"))).isEqualTo("1,234.5");
        assertThat(BillingText.credits(new BigDecimal("0.000001"))).isEqualTo("0.000001");
        assertThat(BillingText.creditsWord(BigDecimal.ONE)).isEqualTo("1 credit");
    }

    @Test
    void time_until_the_reset() {
        Instant now = Instant.parse("2026-11-16T10:00:00Z");
        assertThat(BillingText.until(Instant.parse("2026-12-01T00:00:00Z"), now))
                .isEqualTo("in 14 days");
        assertThat(BillingText.until(now.plus(Duration.ofHours(5)), now)).isEqualTo("in 5 hours");
        assertThat(BillingText.until(now.plus(Duration.ofSeconds(20)), now)).isEqualTo("in 1 minute");
        assertThat(BillingText.until(now, now)).isEqualTo("now");
    }

    @Test
    void typed_amounts_allow_grouping_and_refuse_words() {
        assertThat(BillingText.amount("amount", " 1,250.50 ")).isEqualByComparingTo("1250.50");
        assertThat(BillingText.amount("amount", "")).isNull();
        assertThatThrownBy(() -> BillingText.amount("amount", "ten"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("amount"));
    }

    @Test
    void refusals_are_plain_words() {
        assertThat(BillingText.refused("The plan was not changed", new PermissionDeniedException("billing.manage")))
                .isEqualTo("The plan was not changed: only Owners and Billing members change billing.");
        assertThat(BillingText.refused("The budget was not changed", new NoSuchElementException("key")))
                .isEqualTo("The budget was not changed: it no longer exists. Reload the page.");
        assertThat(BillingText.refused("Nothing was bought", new IllegalStateException("db down")))
                .isEqualTo("Nothing was bought: something went wrong. Try again in a moment.");
    }
}
