package dev.vlmconsole.keys;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.events.FirstRunCompleted;
import dev.vlmconsole.api.events.WorkspaceCreated;
import dev.vlmconsole.keys.platform.PlatformKeyService;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The bootstrap admin key goes into the first workspace of first run and nowhere else; the bootstrap
 * platform key is installed by first run too.
 */
class KeyEventsTest {

    final KeyFormat format = new KeyFormat("vlm");
    final String adminKey = format.generate(KeyFormat.Scope.ADMIN);
    final String platformKey = format.generatePlatform();
    final KeyService keys = mock(KeyService.class);
    final PlatformKeyService platformKeys = mock(PlatformKeyService.class);
    AnnotationConfigApplicationContext events;

    @BeforeEach
    void listen() {
        events = new AnnotationConfigApplicationContext();
        events.registerBean(KeyEvents.class, () -> new KeyEvents(keys, platformKeys, format, adminKey, platformKey));
        events.refresh();
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void a_workspace_created_on_a_running_install_does_not_get_the_bootstrap_key() {
        events.publishEvent(new WorkspaceCreated(UUID.randomUUID(), "Later", UUID.randomUUID(), Instant.now()));

        verify(keys, never()).install(anyString(), any(), any(), anyString(), any());
        verify(platformKeys, never()).install(anyString(), anyString());
    }

    @Test
    void first_run_installs_the_bootstrap_platform_key() {
        events.publishEvent(new FirstRunCompleted(UUID.randomUUID(), UUID.randomUUID(), Instant.now()));

        verify(platformKeys).install(platformKey, "Bootstrap platform key");
    }

    @Test
    void the_first_workspace_of_first_run_gets_the_bootstrap_key() {
        UUID workspace = UUID.randomUUID();
        UUID owner = UUID.randomUUID();

        events.publishEvent(new FirstRunCompleted(workspace, owner, Instant.now()));

        verify(keys).install(adminKey, workspace, owner, "Bootstrap admin key", Actor.SYSTEM);
    }

    @Test
    void a_bootstrap_key_already_stored_is_not_installed_twice() {
        when(keys.exists(adminKey)).thenReturn(true);

        events.publishEvent(new FirstRunCompleted(UUID.randomUUID(), UUID.randomUUID(), Instant.now()));

        verify(keys, never()).install(anyString(), any(), any(), anyString(), any());
    }
}
