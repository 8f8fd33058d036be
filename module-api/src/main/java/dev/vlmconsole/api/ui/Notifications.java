package dev.vlmconsole.api.ui;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import java.time.Duration;
import java.util.Objects;

/**
 * Short messages after an action, the same on every page: bottom start (above the content on a
 * phone), success and information for {@link #DURATION}, errors for {@link #ERROR_DURATION}.
 * Screen readers hear them through the notification's live region: politely for success and
 * information, at once for errors.
 *
 * <p>Say what happened in the past tense ("Key revoked"); for an error say what did not happen and
 * why ("The key could not be rolled: it was revoked meanwhile"). Field errors belong at the field,
 * not here.
 */
public final class Notifications {

    /** How long success and information messages stay. */
    public static final Duration DURATION = Duration.ofSeconds(4);
    /** How long error messages stay: long enough to read a sentence twice. */
    public static final Duration ERROR_DURATION = Duration.ofSeconds(8);
    /** Where all of them appear. */
    public static final Notification.Position POSITION = Notification.Position.BOTTOM_START;

    private Notifications() {}

    /** Shows that an action succeeded. */
    public static Notification success(String text) {
        return show(text, DURATION, NotificationVariant.SUCCESS, false);
    }

    /** Shows a neutral piece of information, such as "Copied to the clipboard". */
    public static Notification info(String text) {
        return show(text, DURATION, NotificationVariant.INFO, false);
    }

    /** Shows that an action failed, and why. Announced at once. */
    public static Notification error(String text) {
        return show(text, ERROR_DURATION, NotificationVariant.ERROR, true);
    }

    private static Notification show(String text, Duration duration, NotificationVariant variant, boolean assertive) {
        Notification n =
                new Notification(Objects.requireNonNull(text, "text"), (int) duration.toMillis(), POSITION, assertive);
        n.addThemeVariants(variant);
        n.open();
        return n;
    }
}
