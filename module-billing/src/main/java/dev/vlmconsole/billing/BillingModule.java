package dev.vlmconsole.billing;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.di.Instantiator;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.DashboardCard;
import dev.vlmconsole.api.NavigationEntry;
import dev.vlmconsole.api.OperatorSection;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.billing.operators.ui.BillingOperatorSection;
import dev.vlmconsole.billing.operators.ui.SalesRequestsView;
import dev.vlmconsole.billing.ui.BillingCard;
import dev.vlmconsole.billing.ui.BillingView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Descriptor of the Billing module: its permissions, the Billing page and its dashboard card, and for
 * the install's operators the "Sales requests" page and the Billing section of a workspace's page.
 */
public final class BillingModule implements ConsoleModule {

    /** Module id; names the migration history table. */
    public static final String ID = "billing";
    /** See plan, balance, usage and invoices. */
    public static final String READ = "billing.read";
    /** Change plan and buy credits. */
    public static final String MANAGE = "billing.manage";
    /** Path of the Billing page. */
    public static final String PATH = "billing";

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

    /**
     * The Billing page, which every member sees (all members share billing), and the operators'
     * "Sales requests" page (operators only; its service checks again).
     */
    @Override
    public List<NavigationEntry> navigation() {
        return List.of(
                NavigationEntry.builder(PATH, BillingView.class)
                        .title("Billing")
                        .icon("vaadin:credit-card")
                        .requires(READ)
                        .order(10)
                        .build(),
                NavigationEntry.builder(SalesRequestsView.PATH, SalesRequestsView.class)
                        .title("Sales requests")
                        .icon("vaadin:envelope-o")
                        .requires(Permissions.OPERATOR)
                        .order(920)
                        .build());
    }

    /**
     * The Billing section of an operator's page of one workspace: balance and plan, credit adjustments,
     * Enterprise terms, invoices to mark paid, tax rate. Made by the page's instantiator, so that it
     * gets the module's services as a view does.
     */
    @Override
    public List<OperatorSection> operatorSections() {
        return List.of(new OperatorSection(
                BillingOperatorSection.ID,
                "Billing",
                30,
                workspaceId -> Instantiator.get(UI.getCurrent())
                        .getOrCreate(BillingOperatorSection.class)
                        .show(workspaceId)));
    }

    /** The card is made by the page's instantiator, so that it gets the module's services as a view does. */
    @Override
    public List<DashboardCard> dashboardCards() {
        return List.of(DashboardCard.builder(
                        "billing.summary",
                        context -> Instantiator.get(UI.getCurrent()).getOrCreate(BillingCard.class))
                .title("Billing")
                .requires(READ)
                .order(30)
                .build());
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
