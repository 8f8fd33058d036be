package dev.vlmconsole.billing.plans;

import java.util.List;
import java.util.UUID;

/**
 * The plans, as configured ({@code console.billing.*}) and, for Enterprise, as operators set them per
 * workspace. Pure reads; no permission checks (callers check).
 */
public interface PlanCatalog {

    /** Pay-as-you-go, Pro and Enterprise (with the configured default terms), in that order. */
    List<Plan> plans();

    /** The plan {@code planId} as it would apply to {@code workspaceId} (its Enterprise terms). */
    Plan plan(String planId, UUID workspaceId);
}
