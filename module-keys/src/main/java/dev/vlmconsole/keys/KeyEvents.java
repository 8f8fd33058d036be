package dev.vlmconsole.keys;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.events.FirstRunCompleted;
import dev.vlmconsole.api.events.MemberRemoved;
import dev.vlmconsole.keys.platform.PlatformKeyService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * What the keys module does when the rest of the console changes: a removed member's keys are
 * revoked inside the removing transaction; the first workspace of first run gets the bootstrap
 * admin key, and the install the bootstrap platform key.
 */
class KeyEvents {

    private static final Logger log = LoggerFactory.getLogger(KeyEvents.class);

    private final KeyService keys;
    private final KeyFormat format;
    private final String bootstrapAdminKey;
    private final PlatformKeyService platformKeys;
    private final String bootstrapPlatformKey;

    KeyEvents(
            KeyService keys,
            PlatformKeyService platformKeys,
            KeyFormat format,
            String bootstrapAdminKey,
            String bootstrapPlatformKey) {
        this.keys = keys;
        this.platformKeys = platformKeys;
        this.format = format;
        this.bootstrapAdminKey = bootstrapAdminKey == null ? "" : bootstrapAdminKey.trim();
        this.bootstrapPlatformKey = bootstrapPlatformKey == null ? "" : bootstrapPlatformKey.trim();
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
        installPlatformKey();
        installAdminKey(event);
    }

    /**
     * Installs {@code CONSOLE_BOOTSTRAP_PLATFORM_KEY} with every scope, so that the platform's gateway
     * can report usage (and verify, where that needs a platform key) from the first minute. A malformed
     * one never gets here: {@link KeysProperties} stops the start.
     */
    private void installPlatformKey() {
        if (bootstrapPlatformKey.isEmpty()) {
            return;
        }
        if (platformKeys.install(bootstrapPlatformKey, "Bootstrap platform key")) {
            log.info("Installed the bootstrap platform key");
        }
    }

    private void installAdminKey(FirstRunCompleted event) {
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
