package dev.vlmconsole.webhooks;

/**
 * The workspace already has {@link WebhookRules#MAX_ENDPOINTS} endpoints: not a problem of any one
 * input, so not an {@code InvalidInputException}. Nothing was added.
 */
public class EndpointLimitReachedException extends IllegalStateException {

    public EndpointLimitReachedException(int limit) {
        super("A workspace has at most " + limit + " endpoints. Delete one first.");
    }
}
