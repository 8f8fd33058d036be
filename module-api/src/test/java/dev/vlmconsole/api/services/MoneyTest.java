package dev.vlmconsole.api.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void equal_amounts_are_equal_whatever_their_trailing_zeros() {
        assertThat(Money.of("12.3", "USD")).isEqualTo(Money.of("12.300", "USD"));
        assertThat(Money.of("12.3", "USD").toString()).isEqualTo("12.30 USD");
        assertThat(Money.of("5", "JPY").toString()).isEqualTo("5 JPY");
        assertThat(Money.of("12.30", "USD")).isNotEqualTo(Money.of("12.30", "EUR"));
    }

    @Test
    void arithmetic_is_exact() {
        Money tenth = Money.of("0.1", "USD");
        Money sum = Money.zero(tenth.currency());
        for (int i = 0; i < 10; i++) {
            sum = sum.plus(tenth);
        }
        assertThat(sum).isEqualTo(Money.of("1", "USD"));
        assertThat(Money.of("0.0015", "USD").times(new BigDecimal("1000"))).isEqualTo(Money.of("1.50", "USD"));
        assertThat(Money.of("1", "USD").minus(Money.of("1.00", "USD")).isZero()).isTrue();
        assertThatThrownBy(() -> Money.of("1", "USD").plus(Money.of("1", "EUR")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void minor_units_are_whole_or_refused() {
        assertThat(Money.of("12.34", "USD").minorUnits()).isEqualTo(1234);
        assertThat(Money.of("500", "JPY").minorUnits()).isEqualTo(500);
        assertThatThrownBy(() -> Money.of("0.0015", "USD").minorUnits()).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void bad_amounts_and_currencies_are_refused() {
        assertThatThrownBy(() -> Money.of("twelve", "USD")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of("12", "DOLLARS")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_payment_is_of_a_positive_amount() {
        URI back = URI.create("https://console.example.com/billing");
        assertThatThrownBy(() -> new PaymentRequest(UUID.randomUUID(), "INV-1", Money.of("0", "USD"), "nothing", back))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new PaymentRequest(UUID.randomUUID(), "INV-1", Money.of("0.01", "USD"), "a cent", back)
                        .amount()
                        .minorUnits())
                .isEqualTo(1);
    }
}
