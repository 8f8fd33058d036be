package dev.vlmconsole.app.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.WorkspaceSuspendedException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a person reads when the server refuses an action a page let through. */
class RefusedActionsTest {

    @Test
    void a_refused_action_says_why_in_plain_words() {
        UUID w = UUID.randomUUID();
        assertThat(RefusedActions.message(new WorkspaceSuspendedException("keys.manage_own", w, "Abuse"), false))
                .isEqualTo("Not done: this workspace is suspended by the platform's operators (Abuse)."
                        + " You can still read its pages.");
        assertThat(RefusedActions.message(new PermissionDeniedException("keys.manage_own"), true))
                .isEqualTo("Not done: you are viewing this workspace as support, read-only.");
        assertThat(RefusedActions.message(new PermissionDeniedException("keys.manage_own"), false))
                .isEqualTo("Not done: your role in this workspace does not allow it.");
    }
}
