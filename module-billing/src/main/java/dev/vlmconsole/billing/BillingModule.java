package dev.vlmconsole.billing;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Role;
import java.util.List;
import java.util.Optional;

/** Descriptor of the Billing module: its permissions (its pages and tables arrive with their features). */
public final class BillingModule implements ConsoleModule {

    /** Module id; names the migration history table. */
    public static final String ID = "billing";
    /** See plan, balance, usage and invoices. */
    public static final String READ = "billing.read";
    /** Change plan and buy credits. */
    public static final String MANAGE = "billing.manage";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Billing";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public Optional<String> migrationLocation() {
        return Optional.of("classpath:db/migration/billing");
    }

    @Override
    public List<Permission> permissions() {
        return List.of(
                Permission.builder(READ)
                        .description("See plan, credits, usage and invoices")
                        .grantedToEveryRole()
                        .build(),
                Permission.builder(MANAGE)
                        .description("Change plan, buy credits, set a spending cap")
                        .grantedTo(Role.OWNER, Role.BILLING)
                        .build());
    }
}
