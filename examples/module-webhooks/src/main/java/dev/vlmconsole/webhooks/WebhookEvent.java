package dev.vlmconsole.webhooks;

import java.util.Arrays;
import java.util.Optional;

/** The events an endpoint can subscribe to; {@link #key()} is what is stored and sent. */
public enum WebhookEvent {
    WORKSPACE_MEMBER_REMOVED("workspace.member_removed", "A member was removed from the workspace"),
    KEYS_KEY_CREATED("keys.key_created", "An API key was created"),
    KEYS_KEY_REVOKED("keys.key_revoked", "An API key was revoked"),
    BILLING_INVOICE_ISSUED("billing.invoice_issued", "An invoice was issued");

    private final String key;
    private final String description;

    WebhookEvent(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** The event's name on the wire, such as {@code keys.key_revoked}. */
    public String key() {
        return key;
    }

    /** What the event means, for people. */
    public String description() {
        return description;
    }

    /** The event named {@code key}, if there is one. */
    public static Optional<WebhookEvent> byKey(String key) {
        return Arrays.stream(values()).filter(e -> e.key.equals(key)).findFirst();
    }
}
