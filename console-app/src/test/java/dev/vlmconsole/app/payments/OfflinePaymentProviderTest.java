package dev.vlmconsole.app.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.api.services.PaymentOutcome;
import dev.vlmconsole.api.services.PaymentProvider;
import dev.vlmconsole.api.services.PaymentRequest;
import dev.vlmconsole.app.ConsoleProperties;
import dev.vlmconsole.app.api.DefaultServicesAutoConfiguration;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;

/** The payment provider an install has when no module provides one, and how a module's replaces it. */
class OfflinePaymentProviderTest {

    private static final Clock LATE_ON_JAN_31 = Clock.fixed(Instant.parse("2026-01-31T23:30:00Z"), ZoneOffset.UTC);

    @EnableConfigurationProperties(ConsoleProperties.class)
    static class Settings {

        @Bean
        Clock clock() {
            return LATE_ON_JAN_31;
        }
    }

    /** A card module's provider, as a third party would contribute it. */
    static class CardModule {

        @Bean
        PaymentProvider cards() {
            return new PaymentProvider() {
                @Override
                public String id() {
                    return "cards";
                }

                @Override
                public String displayName() {
                    return "Card";
                }

                @Override
                public PaymentOutcome start(PaymentRequest request) {
                    return new PaymentOutcome.Pending("pay_1", URI.create("https://pay.example.com/pay_1"));
                }
            };
        }
    }

    private final ApplicationContextRunner console = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DefaultServicesAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    private final PaymentRequest topUp = new PaymentRequest(
            UUID.randomUUID(),
            "INV-2026-000001",
            Money.of("100.00", "USD"),
            "Top-up: 10,000 credits",
            URI.create("https://console.example.com/billing"));

    @Test
    void without_a_payment_module_payments_are_awaited_offline_for_30_days_by_default() {
        console.run(context -> {
            PaymentProvider provider = context.getBean(PaymentProvider.class);
            assertThat(provider.id()).isEqualTo("offline");
            assertThat(provider.displayName()).isNotBlank();
            assertThat(provider.start(topUp))
                    .isEqualTo(new PaymentOutcome.AwaitingOfflinePayment("INV-2026-000001", LocalDate.of(2026, 3, 2)));
        });
    }

    @Test
    void the_due_date_follows_the_setting() {
        console.withPropertyValues("console.payments.offline-due-days=0")
                .run(context -> assertThat(
                                context.getBean(PaymentProvider.class).start(topUp))
                        .isEqualTo(new PaymentOutcome.AwaitingOfflinePayment(
                                "INV-2026-000001", LocalDate.of(2026, 1, 31))));
    }

    @Test
    void a_modules_provider_replaces_the_offline_one() {
        console.withUserConfiguration(CardModule.class).run(context -> {
            assertThat(context).getBeans(PaymentProvider.class).hasSize(1);
            assertThat(context.getBean(PaymentProvider.class).id()).isEqualTo("cards");
        });
    }
}
