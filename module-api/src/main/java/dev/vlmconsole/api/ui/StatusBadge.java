package dev.vlmconsole.api.ui;

import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import java.util.Objects;

/**
 * A short status word, such as "Active" or "Revoked", in one of a few tones. The tone repeats what
 * the word says (colour is never the only signal), so pick the word first.
 *
 * <pre>{@code
 * grid.addComponentColumn(k -> new StatusBadge(k.status().label(), switch (k.status()) {
 *     case ACTIVE -> StatusBadge.Tone.SUCCESS;
 *     case EXPIRING -> StatusBadge.Tone.WARNING;
 *     case REVOKED, EXPIRED -> StatusBadge.Tone.ERROR;
 * })).setHeader("Status").setWidth(StatusBadge.COLUMN_WIDTH).setFlexGrow(0);
 * }</pre>
 *
 * <p>Give a grid column of badges a fixed width ({@link #COLUMN_WIDTH} fits a word of about ten
 * letters): the grid measures automatic widths before the badges have drawn themselves.
 *
 * <p>Built on Vaadin's badge, so it follows the console's theme.
 */
public class StatusBadge extends Badge {

    /** How a status reads: good, needs attention, bad, or just different. */
    public enum Tone {
        /** Working as intended (active, enabled, paid). */
        SUCCESS(BadgeVariant.SUCCESS),
        /** Needs attention soon (expiring, past due). */
        WARNING(BadgeVariant.WARNING),
        /** Stopped or failed (revoked, expired, failed). */
        ERROR(BadgeVariant.ERROR),
        /** Set apart from the rest without judging it (disabled, admin). */
        CONTRAST(BadgeVariant.CONTRAST),
        /** No judgement (draft, pending). */
        NEUTRAL(null);

        private final BadgeVariant variant;

        Tone(BadgeVariant variant) {
            this.variant = variant;
        }
    }

    /** The width of a grid column of badges with words of up to about ten letters. */
    public static final String COLUMN_WIDTH = "6.5rem";

    private Tone tone;

    /**
     * A badge with the given word and tone.
     *
     * @param text the status, in one or two words
     * @param tone how it reads
     */
    public StatusBadge(String text, Tone tone) {
        super(Objects.requireNonNull(text, "text"));
        setTone(tone);
    }

    /** The tone. */
    public Tone getTone() {
        return tone;
    }

    /** Changes the tone, replacing the previous one. */
    public void setTone(Tone tone) {
        Objects.requireNonNull(tone, "tone");
        if (this.tone != null && this.tone.variant != null) {
            removeThemeVariants(this.tone.variant);
        }
        if (tone.variant != null) {
            addThemeVariants(tone.variant);
        }
        this.tone = tone;
    }
}
