package dev.vlmconsole.api.services;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What the platform's operators see of workspaces' accounts in their list of every workspace: plan,
 * balance and usage this cycle. The billing module provides it; without one the list shows none.
 * Only for operator pages and calls: callers check {@code Permissions.OPERATOR} first.
 *
 * @since 1.4
 */
public interface WorkspaceAccounts {

    /**
     * The accounts of the given workspaces, by id; a workspace without an account is absent. At most a
     * few hundred ids a call (one page of a list).
     */
    Map<UUID, AccountSummary> summaries(Collection<UUID> workspaceIds);

    /**
     * Every workspace's account, by id, for sorting the whole list by plan, balance or usage: one query,
     * fast for tens of thousands of workspaces.
     */
    Map<UUID, AccountSummary> allSummaries();

    /**
     * One workspace's account.
     *
     * @param planId            plan id, such as {@code pro}
     * @param planName          plan name shown to people
     * @param creditsAvailable  credits left before overage (exact)
     * @param creditsUsedThisCycle credits used in the open cycle (exact)
     */
    record AccountSummary(
            String planId, String planName, BigDecimal creditsAvailable, BigDecimal creditsUsedThisCycle) {
        public AccountSummary {
            Objects.requireNonNull(planId, "planId");
            Objects.requireNonNull(planName, "planName");
            Objects.requireNonNull(creditsAvailable, "creditsAvailable");
            Objects.requireNonNull(creditsUsedThisCycle, "creditsUsedThisCycle");
        }
    }
}
