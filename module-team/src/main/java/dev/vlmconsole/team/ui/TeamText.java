package dev.vlmconsole.team.ui;

import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.WorkspaceSuspendedException;
import dev.vlmconsole.api.services.LastOwnerException;
import dev.vlmconsole.api.services.MemberResources;
import dev.vlmconsole.api.services.MembershipsManagedElsewhereException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The Team pages' words for times, held things and refused changes, in one place. */
final class TeamText {

    static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    /** How many held things a confirmation names before it says "and N more". */
    static final int NAMED = 10;

    private TeamText() {}

    /** "just now", "5 minutes ago", "3 hours ago", "2 days ago", then the day; "Never" for null. */
    static String ago(@Nullable Instant then, Instant now) {
        if (then == null) {
            return "Never";
        }
        Duration d = Duration.between(then, now);
        if (d.toMinutes() < 1) {
            return "Just now";
        }
        if (d.toHours() < 1) {
            return plural(d.toMinutes(), "minute") + " ago";
        }
        if (d.toDays() < 1) {
            return plural(d.toHours(), "hour") + " ago";
        }
        if (d.toDays() < 30) {
            return plural(d.toDays(), "day") + " ago";
        }
        return DAY.format(then);
    }

    /** "in 6 days", "in 3 hours", or how long ago it passed. */
    static String until(Instant then, Instant now) {
        if (!then.isAfter(now)) {
            return ago(then, now);
        }
        Duration d = Duration.between(now, then);
        // rounded: a link made a moment ago for 7 days expires "in 7 days", not "in 6 days"
        if (d.toHours() >= 23) {
            return "in " + plural(Math.round(d.toMinutes() / 1440.0), "day");
        }
        if (d.toMinutes() >= 59) {
            return "in " + plural(Math.round(d.toMinutes() / 60.0), "hour");
        }
        return "in " + plural(Math.max(1, d.toMinutes()), "minute");
    }

    static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /**
     * What removing a member does to what they hold, such as "Their 2 active keys will be revoked:
     * ci-bot, laptop." Empty when they hold nothing.
     */
    static String onRemoval(MemberResources kind, List<MemberResources.Resource> held) {
        if (held.isEmpty()) {
            return "";
        }
        String what = kind.title().toLowerCase(Locale.ROOT);
        String names =
                held.stream().limit(NAMED).map(MemberResources.Resource::name).collect(Collectors.joining(", "));
        if (held.size() > NAMED) {
            names += " and " + (held.size() - NAMED) + " more";
        }
        String count = held.size() == 1 ? "" : held.size() + " ";
        return "Their " + count + what + " " + kind.onRemoval() + ": " + names + ".";
    }

    /** Why a membership change did not happen, in plain words; {@code who} is the member's name. */
    static String refused(String what, String who, RuntimeException ex) {
        return what + ": "
                + switch (ex) {
                    case LastOwnerException e ->
                        who + " is the last Owner. A workspace keeps at least one Owner: "
                                + "make someone else an Owner first.";
                    case MembershipsManagedElsewhereException e -> e.reason();
                    case WorkspaceSuspendedException e ->
                        "the workspace is suspended by the platform's operators"
                                + (e.reason().isBlank() ? "" : " (" + e.reason() + ")") + ". Only reading is allowed.";
                    case PermissionDeniedException e ->
                        "you may not do that. Only an Owner changes or removes an Owner, "
                                + "or makes someone an Owner.";
                    case NoSuchElementException e -> who + " is no longer a member of this workspace.";
                    default -> ex.getMessage() == null ? "something went wrong, try again." : ex.getMessage();
                };
    }
}
