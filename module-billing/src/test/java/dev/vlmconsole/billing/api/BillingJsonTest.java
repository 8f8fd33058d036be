package dev.vlmconsole.billing.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.services.Money;
import java.math.BigDecimal;
import java.util.Currency;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.json.JsonMapper;

/** The billing API's JSON format of money and credits, whatever the mapper's own settings. */
class BillingJsonTest {

    static final Currency USD = Currency.getInstance("USD");
    static final Currency JPY = Currency.getInstance("JPY");

    final JsonMapper json = JsonMapper.builder().build();

    record Out(
            @JsonSerialize(using = BillingJson.MoneySerializer.class)
            Money price,

            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal credits) {}

    record In(
            @JsonDeserialize(using = BillingJson.AmountDeserializer.class)
            BillingJson.@Nullable Amount amount) {}

    String write(Money price, String credits) {
        return json.writeValueAsString(new Out(price, new BigDecimal(credits)));
    }

    BillingJson.Amount read(String amountJson) {
        return json.readValue("{\"amount\": " + amountJson + "}", In.class).amount();
    }

    @Test
    void money_is_an_object_with_an_exact_number_in_major_units_and_its_currency() {
        assertThat(write(new Money(new BigDecimal("12.3"), USD), "0"))
                .isEqualTo("{\"price\":{\"amount\":12.30,\"currency\":\"USD\"},\"credits\":0}");
        assertThat(write(new Money(new BigDecimal("1E+6"), USD), "0")).contains("\"amount\":1000000.00,");
        assertThat(write(new Money(new BigDecimal("0.0015"), USD), "0")).contains("\"amount\":0.0015,");
        assertThat(write(new Money(new BigDecimal("-4.5"), USD), "0")).contains("\"amount\":-4.50,");
        assertThat(write(new Money(new BigDecimal("1500"), JPY), "0"))
                .contains("{\"amount\":1500,\"currency\":\"JPY\"}");
    }

    @Test
    void credits_are_plain_numbers_without_exponent_or_trailing_zeros() {
        assertThat(write(Money.zero(USD), "1234.500000")).endsWith("\"credits\":1234.5}");
        assertThat(write(Money.zero(USD), "1E+5")).endsWith("\"credits\":100000}");
        assertThat(write(Money.zero(USD), "0.000001")).endsWith("\"credits\":0.000001}");
        assertThat(write(Money.zero(USD), "0.000000")).endsWith("\"credits\":0}");
        assertThat(write(Money.zero(USD), "123456789012345.123456")).endsWith("\"credits\":123456789012345.123456}");
    }

    @Test
    void numbers_and_decimal_strings_are_read_exactly() {
        assertThat(read("0.1").value()).isEqualTo(new BigDecimal("0.1"));
        assertThat(read("\"0.1\"").value()).isEqualTo(new BigDecimal("0.1"));
        assertThat(read("\" 7 \"").value()).isEqualTo(new BigDecimal("7"));
        assertThat(read("0.30000000000000004441").value()).isEqualTo(new BigDecimal("0.30000000000000004441"));
        assertThat(read("123456789012345.000001").value()).isEqualTo(new BigDecimal("123456789012345.000001"));
        assertThat(read("1e2").value()).isEqualByComparingTo("100");
        assertThat(read("\".5\"").value()).isEqualTo(new BigDecimal("0.5"));
        assertThat(read("1").currency()).isNull();
    }

    @Test
    void a_money_object_is_read_with_its_currency() {
        BillingJson.Amount a = read("{\"amount\": \"12.34\", \"currency\": \"usd\", \"note\": [1, {\"x\": 2}]}");
        assertThat(a.isValid()).isTrue();
        assertThat(a.value()).isEqualTo(new BigDecimal("12.34"));
        assertThat(a.currency()).isEqualTo("USD");
        assertThat(read("{\"amount\": 5}").error()).contains("currency");
        assertThat(read("{\"amount\": 5, \"currency\": \"XYZ1\"}").error()).contains("currency");
        assertThat(read("{\"currency\": \"USD\"}").error()).contains("amount");
        assertThat(read("{\"amount\": true, \"currency\": \"USD\"}").error()).contains("amount");
    }

    @Test
    void what_is_not_an_amount_is_kept_with_its_error_instead_of_failing_the_body() {
        for (String bad : new String[] {
            "true", "[1]", "\"\"", "\"1e3\"", "\"NaN\"", "\"Infinity\"", "\"1,000\"", "\"0x10\"", "\"+1\"", "\"1 000\""
        }) {
            BillingJson.Amount a = read(bad);
            assertThat(a.isValid()).as(bad).isFalse();
            assertThat(a.value()).as(bad).isNull();
        }
        assertThat(read("1e400").error()).isEqualTo("is too large.");
        assertThat(read("\"1234567890123456\"").error()).isEqualTo("is too large.");
        assertThat(read("null")).isNull();
    }

    @Test
    void credits_are_zero_or_more_with_at_most_six_fractional_digits() {
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        assertThat(BillingJson.credits(read("1.000001"), "c", invalid)).isEqualTo(new BigDecimal("1.000001"));
        assertThat(BillingJson.credits(read("1.5000000"), "c", invalid)).isEqualTo(new BigDecimal("1.5000000"));
        assertThat(BillingJson.credits(read("1E+3"), "c", invalid)).isEqualTo(new BigDecimal("1000"));
        assertThat(invalid.isEmpty()).isTrue();

        assertThat(BillingJson.credits(read("1.0000001"), "a", invalid)).isNull();
        assertThat(BillingJson.credits(read("-0.5"), "b", invalid)).isNull();
        assertThat(BillingJson.credits(read("{\"amount\": 1, \"currency\": \"USD\"}"), "c", invalid))
                .isNull();
        assertThat(BillingJson.credits(null, "d", invalid)).isNull();
        assertThat(BillingJson.credits(read("\"x\""), "e", invalid)).isNull();
        assertThat(invalid.build().fieldErrors())
                .extracting(InvalidInputException.FieldError::field)
                .containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void money_is_in_the_billing_currency_to_its_minor_unit() {
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        assertThat(BillingJson.money(read("12.3"), USD, "m", invalid)).isEqualTo(new BigDecimal("12.30"));
        assertThat(BillingJson.money(read("{\"amount\": 7, \"currency\": \"USD\"}"), USD, "m", invalid))
                .isEqualTo(new BigDecimal("7.00"));
        assertThat(BillingJson.money(read("1500"), JPY, "m", invalid)).isEqualTo(new BigDecimal("1500"));
        assertThat(invalid.isEmpty()).isTrue();

        assertThat(BillingJson.money(read("12.345"), USD, "a", invalid)).isNull();
        assertThat(BillingJson.money(read("{\"amount\": 7, \"currency\": \"EUR\"}"), USD, "b", invalid))
                .isNull();
        assertThat(BillingJson.money(read("1.5"), JPY, "c", invalid)).isNull();
        assertThat(invalid.build().fieldErrors())
                .extracting(InvalidInputException.FieldError::field)
                .containsExactly("a", "b", "c");
    }
}
