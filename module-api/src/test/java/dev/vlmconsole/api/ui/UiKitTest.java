package dev.vlmconsole.api.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The kit's components as a module's page uses them, with Karibu (no browser, no Spring). */
class UiKitTest {

    @BeforeEach
    void vaadin() {
        MockVaadin.setup();
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    @Nested
    class ConfirmingADestructiveAction {

        final AtomicInteger runs = new AtomicInteger();
        final DestructiveConfirmDialog dialog = new DestructiveConfirmDialog(
                "Revoke 'Production ingest'?",
                "Calls with vlm_live_AbC… fail from the next request. This cannot be undone.",
                "Revoke key",
                runs::incrementAndGet);

        @Test
        void names_the_thing_and_asks_as_an_alert_dialog() {
            dialog.open();
            assertThat(dialog.getHeaderTitle()).isEqualTo("Revoke 'Production ingest'?");
            assertThat(dialog.getText()).contains("cannot be undone");
            assertThat(dialog.getRole()).isEqualTo("alertdialog");
            assertThat(dialog.getConfirmButton().getText()).isEqualTo("Revoke key");
        }

        @Test
        void cancel_has_the_focus_and_the_confirm_button_is_in_the_error_colour() {
            assertThat(dialog.getCancelButton().isAutofocus()).isTrue();
            assertThat(dialog.getConfirmButton().isAutofocus()).isFalse();
            assertThat(dialog.getConfirmButton().getThemeNames()).contains("error", "primary");
            assertThat(dialog.getCancelButton().getThemeNames()).doesNotContain("error", "primary");
            // no key binding confirms: Enter presses the focused button, which is Cancel
            assertThat(dialog.getConfirmButton().getElement().getAttribute("aria-keyshortcuts"))
                    .isNull();
        }

        @Test
        void confirming_closes_the_dialog_and_runs_the_action_once() {
            dialog.open();
            _click(dialog.getConfirmButton());
            assertThat(runs).hasValue(1);
            assertThat(dialog.isOpened()).isFalse();
            assertThat(dialog.getConfirmButton().isDisableOnClick()).isTrue();
        }

        @Test
        void cancel_escape_and_a_click_outside_close_it_without_running_the_action() {
            dialog.open();
            _click(dialog.getCancelButton());
            assertThat(dialog.isOpened()).isFalse();

            assertThat(dialog.isCloseOnEsc()).isTrue();
            assertThat(dialog.isCloseOnOutsideClick()).isTrue();
            dialog.open();
            dialog.close(); // what Escape or a click outside does
            assertThat(runs).hasValue(0);
        }
    }

    @Nested
    class RowMenu {

        final List<String> ran = new ArrayList<>();

        @Test
        void a_labelled_menu_button_holds_the_items_in_order_and_runs_the_chosen_one() {
            RowActions actions = new RowActions("Production ingest");
            actions.add("Rename", () -> ran.add("rename"));
            MenuItem revoke = actions.addDestructive("Revoke", () -> ran.add("revoke"));
            UI.getCurrent().add(actions);

            MenuItem opener = actions.getMenuBar().getItems().getFirst();
            assertThat(opener.getAriaLabel()).hasValue("Actions for Production ingest");
            assertThat(actions.getItems()).extracting(MenuItem::getText).containsExactly("Rename", "Revoke");
            assertThat(revoke.getElement().getClassList()).contains(RowActions.DESTRUCTIVE);
            assertThat(actions.getItems().getFirst().getElement().getClassList())
                    .doesNotContain(RowActions.DESTRUCTIVE);
            assertThat(actions.getMenuBar().isVisible()).isTrue();

            ContextMenuKt._clickItemWithCaption(actions.getMenuBar(), "Revoke");
            assertThat(ran).containsExactly("revoke");
        }

        @Test
        void a_row_without_actions_shows_no_button() {
            RowActions actions = new RowActions("Read-only row");
            assertThat(actions.getMenuBar().isVisible()).isFalse();
        }
    }

    @Test
    void an_empty_state_shows_its_action_only_when_it_has_one() {
        AtomicInteger created = new AtomicInteger();
        EmptyState plain = new EmptyState("Nothing here", "Modules add cards to this page.");
        EmptyState withAction = new EmptyState(VaadinIcon.KEY.create(), "No API keys yet", "Create one.")
                .withAction("Create key", created::incrementAndGet);
        UI.getCurrent().add(plain, withAction);

        assertThat(plain.getHeading()).isEqualTo("Nothing here");
        _assertNone(plain, Button.class);
        _click(_get(withAction, Button.class, s -> s.withText("Create key")));
        assertThat(created).hasValue(1);
        assertThat(EmptyState.class.getAnnotation(StyleSheet.class).value()).isEqualTo(UiKit.STYLESHEET);
    }

    @Test
    void a_status_badge_has_one_tone_at_a_time() {
        StatusBadge badge = new StatusBadge("Active", StatusBadge.Tone.SUCCESS);
        assertThat(badge.getText()).isEqualTo("Active");
        assertThat(badge.getThemeNames()).containsExactly("success");

        badge.setTone(StatusBadge.Tone.ERROR);
        assertThat(badge.getThemeNames()).containsExactly("error");
        badge.setTone(StatusBadge.Tone.NEUTRAL);
        assertThat(badge.getThemeNames()).isEmpty();
    }

    @Test
    void notifications_share_position_and_duration_and_errors_are_announced_at_once() {
        Notification ok = Notifications.success("Key revoked");
        Notification info = Notifications.info("Copied to the clipboard");
        Notification failed = Notifications.error("The key could not be rolled: it was revoked meanwhile");

        NotificationsKt.expectNotifications(
                "Key revoked", "Copied to the clipboard", "The key could not be rolled: it was revoked meanwhile");
        for (Notification n : List.of(ok, info, failed)) {
            assertThat(n.getPosition()).isEqualTo(Notification.Position.BOTTOM_START);
        }
        assertThat(ok.getDuration()).isEqualTo(4000);
        assertThat(failed.getDuration()).isEqualTo(8000);
        assertThat(ok.isAssertive()).isFalse();
        assertThat(failed.isAssertive()).isTrue();
        assertThat(ok.getThemeNames()).contains(NotificationVariant.SUCCESS.getVariantName());
        assertThat(failed.getThemeNames()).contains(NotificationVariant.ERROR.getVariantName());
    }
}
