package dev.vlmconsole.billing;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /** Admin keys read and change billing as far as their owner's role allows (Owners and Billing change it). */
    @Override
    public Map<String, Set<String>> keyScopePermissions() {
        return Map.of(ApiKeyPrincipal.SCOPE_ADMIN, Set.of(READ, MANAGE));
    }
}
