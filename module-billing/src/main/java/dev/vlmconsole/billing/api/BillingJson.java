package dev.vlmconsole.billing.api;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.services.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;

/**
 * The billing API's JSON format of money and credits, in one place. Configured per field (with
 * {@code @JsonSerialize} / {@code @JsonDeserialize}), so that no amount passes through a
 * {@code double} whatever the console's JSON mapper is set to:
 *
 * <ul>
 *   <li>Money is answered as {@code {"amount": 12.34, "currency": "USD"}}: the amount a JSON number in
 *       major units, written from its exact decimal digits, never in exponent notation.
 *   <li>Credits are answered as a JSON number the same way ({@code 1234.5}).
 *   <li>An amount or credits in a body may be a JSON number ({@code 12.34}) or a decimal string
 *       ({@code "12.34"}); where money is expected, also a money object. Numbers are read from their
 *       text, exactly. What is not one of these is not refused by the JSON reader but kept as an
 *       {@link Amount} with its {@link Amount#error()}, so that the controller names the field (and
 *       the event's index) in its {@code 400} problem.
 * </ul>
 */
public final class BillingJson {

    /** Most digits before the decimal point an amount or a quantity of credits may have. */
    static final int MAX_INTEGER_DIGITS = 15;

    /** Most fractional digits of credits. */
    public static final int CREDIT_DIGITS = 6;

    /** A plain decimal, as a string may spell one: no exponent, no sign but a leading minus. */
    private static final Pattern DECIMAL = Pattern.compile("-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)");

    private BillingJson() {}

    // ------------------------------------------------------------------------------------------ reading

    /**
     * An amount or a quantity of credits as a body gave it: its exact value, the currency a money
     * object named (if it was one), or why it is not an amount.
     *
     * @param value    the value, or {@code null} when it could not be read
     * @param currency the ISO code a money object gave, upper-cased; {@code null} for a number or a string
     * @param error    why it is not an amount, or {@code null}
     */
    public record Amount(
            @Nullable BigDecimal value,
            @Nullable String currency,
            @Nullable String error) {

        static Amount of(BigDecimal value, @Nullable String currency) {
            return new Amount(value, currency, null);
        }

        static Amount invalid(String error) {
            return new Amount(null, null, error);
        }

        /** Whether it was read as an amount. */
        public boolean isValid() {
            return error == null;
        }
    }

    /** Reads a JSON number, a decimal string or a money object into an {@link Amount}; never fails. */
    public static final class AmountDeserializer extends ValueDeserializer<Amount> {

        @Override
        public Amount deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                return checked(p.getDecimalValue(), null);
            }
            if (token == JsonToken.VALUE_STRING) {
                return parse(p.getString(), null);
            }
            if (token == JsonToken.START_OBJECT) {
                return moneyObject(p);
            }
            p.skipChildren();
            return Amount.invalid("must be a number or a decimal string.");
        }

        /** {@code {"amount": ..., "currency": ...}}; other fields are ignored. */
        private static Amount moneyObject(JsonParser p) {
            @Nullable Amount amount = null;
            @Nullable String currency = null;
            boolean badCurrency = false;
            for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("amount".equals(name)) {
                    amount = switch (value) {
                        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> checked(p.getDecimalValue(), null);
                        case VALUE_STRING -> parse(p.getString(), null);
                        default -> Amount.invalid("amount must be a number or a decimal string.");
                    };
                } else if ("currency".equals(name)) {
                    if (value == JsonToken.VALUE_STRING) {
                        currency = p.getString().trim().toUpperCase(Locale.ROOT);
                    } else {
                        badCurrency = true;
                    }
                }
                p.skipChildren();
            }
            if (amount == null) {
                return Amount.invalid("must have an amount.");
            }
            if (!amount.isValid()) {
                return amount;
            }
            if (badCurrency || currency == null || !isCurrency(currency)) {
                return Amount.invalid("must name its currency as an ISO 4217 code, such as \"USD\".");
            }
            return Amount.of(Objects.requireNonNull(amount.value()), currency);
        }

        private static boolean isCurrency(String code) {
            try {
                Currency.getInstance(code);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    /** Parses a decimal string, such as {@code "12.34"}: no exponent, no grouping, no spaces inside. */
    static Amount parse(String text, @Nullable String currency) {
        String s = text.trim();
        if (!DECIMAL.matcher(s).matches()) {
            return Amount.invalid("must be a number or a decimal string, such as \"12.34\".");
        }
        return checked(new BigDecimal(s), currency);
    }

    /** Refuses magnitudes no balance or price reaches (and exponents that would take long to print). */
    private static Amount checked(BigDecimal value, @Nullable String currency) {
        if (value.signum() != 0 && value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            return Amount.invalid("is too large.");
        }
        return Amount.of(value, currency);
    }

    /**
     * Checks {@code amount} as a quantity of credits: present, a number, 0 or more, at most
     * {@value #CREDIT_DIGITS} fractional digits, not a money object.
     *
     * @return the credits, or {@code null} after adding the problem to {@code invalid} under {@code field}
     */
    static @Nullable BigDecimal credits(@Nullable Amount amount, String field, InvalidInputException.Builder invalid) {
        if (amount == null) {
            invalid.add(field, field + " is required.");
            return null;
        }
        if (!amount.isValid()) {
            invalid.add(field, field + " " + amount.error());
            return null;
        }
        if (amount.currency() != null) {
            invalid.add(field, field + " is a number of credits, not money.");
            return null;
        }
        BigDecimal credits = Objects.requireNonNull(amount.value());
        if (credits.signum() < 0) {
            invalid.add(field, field + " must be 0 or more.");
            return null;
        }
        if (fractionalDigits(credits) > CREDIT_DIGITS) {
            invalid.add(field, field + " may have at most " + CREDIT_DIGITS + " fractional digits.");
            return null;
        }
        return credits.stripTrailingZeros().scale() < 0 ? credits.setScale(0) : credits;
    }

    /**
     * Checks {@code amount} as a signed number of credits (an operator's adjustment: negative debits),
     * with at most {@value #CREDIT_DIGITS} fractional digits.
     *
     * @return the credits, or {@code null} after adding the problem to {@code invalid} under {@code field}
     */
    static @Nullable BigDecimal signedCredits(
            @Nullable Amount amount, String field, InvalidInputException.Builder invalid) {
        if (amount == null) {
            invalid.add(field, field + " is required: the credits to grant, negative to debit.");
            return null;
        }
        if (!amount.isValid()) {
            invalid.add(field, field + " " + amount.error());
            return null;
        }
        if (amount.currency() != null) {
            invalid.add(field, field + " is a number of credits, not money.");
            return null;
        }
        BigDecimal credits = Objects.requireNonNull(amount.value());
        if (credits.signum() == 0) {
            invalid.add(field, field + " must not be 0: positive grants, negative debits.");
            return null;
        }
        if (fractionalDigits(credits) > CREDIT_DIGITS) {
            invalid.add(field, field + " may have at most " + CREDIT_DIGITS + " fractional digits.");
            return null;
        }
        return credits;
    }

    /**
     * Checks {@code amount} as money in {@code currency}: a number, a decimal string, or a money object
     * in that currency, with no more fractional digits than the currency has.
     *
     * @return the amount, or {@code null} after adding the problem to {@code invalid} under {@code field}
     */
    static @Nullable BigDecimal money(
            Amount amount, Currency currency, String field, InvalidInputException.Builder invalid) {
        if (!amount.isValid()) {
            invalid.add(field, field + " " + amount.error());
            return null;
        }
        if (amount.currency() != null && !amount.currency().equals(currency.getCurrencyCode())) {
            invalid.add(field, field + " must be in " + currency.getCurrencyCode() + ".");
            return null;
        }
        BigDecimal value = Objects.requireNonNull(amount.value());
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        if (fractionalDigits(value) > digits) {
            invalid.add(field, field + " may have at most " + digits + " fractional digits.");
            return null;
        }
        return new Money(value, currency).amount();
    }

    private static int fractionalDigits(BigDecimal value) {
        return Math.max(value.stripTrailingZeros().scale(), 0);
    }

    // ------------------------------------------------------------------------------------------ writing

    /** Writes {@link Money} as {@code {"amount": 12.34, "currency": "USD"}}. */
    public static final class MoneySerializer extends ValueSerializer<Money> {

        @Override
        public void serialize(Money value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeStartObject();
            gen.writeName("amount");
            writeDecimal(value.amount(), gen);
            gen.writeStringProperty("currency", value.currency().getCurrencyCode());
            gen.writeEndObject();
        }
    }

    /**
     * Writes credits (or any exact decimal) as a plain JSON number without trailing fractional zeros,
     * such as {@code 1234.5} for {@code 1234.500000}.
     */
    public static final class DecimalSerializer extends ValueSerializer<BigDecimal> {

        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializationContext ctxt) {
            writeDecimal(value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros(), gen);
        }
    }

    /** The exact digits of {@code value}, never in exponent notation. */
    static void writeDecimal(BigDecimal value, JsonGenerator gen) {
        gen.writeNumber(value.toPlainString());
    }
}
