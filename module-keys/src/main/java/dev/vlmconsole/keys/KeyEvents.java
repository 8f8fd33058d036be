package dev.vlmconsole.keys;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.events.FirstRunCompleted;
import dev.vlmconsole.api.events.MemberRemoved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * What the keys module does when the rest of the console changes: a removed member's keys are
 * revoked inside the removing transaction; the first workspace of first run gets the bootstrap
 * admin key.
 */
class KeyEvents {

    private static final Logger log = LoggerFactory.getLogger(KeyEvents.class);

    private final KeyService keys;
    private final KeyFormat format;
    private final String bootstrapAdminKey;

    KeyEvents(KeyService keys, KeyFormat format, String bootstrapAdminKey) {
        this.keys = keys;
        this.format = format;
        this.bootstrapAdminKey = bootstrapAdminKey == null ? "" : bootstrapAdminKey.trim();
    }

    @EventListener
    void onMemberRemoved(MemberRemoved event) {
        keys.revokeAllOf(event.workspaceId(), event.userId(), event.removedBy());
    }

    /**
     * Installs {@code CONSOLE_BOOTSTRAP_ADMIN_KEY} in the first workspace of a new install, so that
     * a headless install can use the API at once. Only then: set on an install that already has
     * workspaces, it must not land in whichever workspace someone creates next.
     */
    @EventListener
    void onFirstRunCompleted(FirstRunCompleted event) {
        if (bootstrapAdminKey.isEmpty()) {
            return;
        }
        var parsed = format.parse(bootstrapAdminKey);
        if (parsed.isEmpty() || parsed.get().scope() != KeyFormat.Scope.ADMIN) {
            log.error(
                    "CONSOLE_BOOTSTRAP_ADMIN_KEY is not a well-formed {} key; not installed",
                    format.prefixOf(KeyFormat.Scope.ADMIN));
            return;
        }
        if (keys.exists(bootstrapAdminKey)) {
            return;
        }
        keys.install(bootstrapAdminKey, event.workspaceId(), event.ownerUserId(), "Bootstrap admin key", Actor.SYSTEM);
        log.info("Installed the bootstrap admin key in the first workspace");
    }
}
