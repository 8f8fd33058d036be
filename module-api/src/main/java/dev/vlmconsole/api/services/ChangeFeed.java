package dev.vlmconsole.api.services;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Tells every node of an install that something changed, so that each can drop what it cached. The
 * console always provides it (a module may simply inject it): on PostgreSQL changes travel by
 * {@code LISTEN/NOTIFY}, on the embedded H2 database (one node) they are delivered in the process.
 *
 * <p><b>Publishing.</b> {@link #publish} announces a small change: a topic and a short payload that
 * says <em>what</em> changed (an id), not its new value; subscribers read the value again. Called
 * inside a transaction, the change is delivered only after that transaction commits, and never if it
 * rolls back; called outside one, at once. Publish in the transaction that makes the change, so that no
 * node reads the old value after being told of the new one.
 *
 * <p><b>Subscribing.</b> {@link #subscribe} registers a listener for one topic on this node. Every
 * node that subscribed to a topic is told of each change published on it, the publishing node
 * included (there right after the commit, in the committing thread, before {@code commit} returns).
 *
 * <p><b>Guarantees.</b>
 * <ul>
 * <li><em>At most once per node</em>: a change reaches each subscriber at most once. It may not reach
 *     it at all while the feed is interrupted (a lost database connection, a node starting), and the
 *     listener is then told so ({@link Listener#interrupted}, later {@link Listener#resumed}): a cache
 *     that must never serve a value changed elsewhere distrusts itself on either.</li>
 * <li><em>Order</em>: the changes of one transaction arrive in the order they were published. Changes
 *     of different transactions have no guaranteed order (two transactions committing at once on one
 *     node may reach its own listeners either way round); identical changes (same topic and payload)
 *     published twice in one transaction may arrive once.</li>
 * <li><em>Size</em>: a payload is at most {@link #MAX_PAYLOAD_BYTES} bytes in UTF-8 (PostgreSQL's
 *     {@code NOTIFY} carries fewer than 8,000 bytes with the topic and the sender).</li>
 * </ul>
 *
 * <p>Listeners are called on the feed's own thread (or the committing thread, for this node's
 * changes): they must return quickly and never wait for the database; hand longer work to a thread of
 * their own.
 *
 * <p>Why it looks like this: {@code docs/decisions/DD008-change-feed.md}.
 *
 * @since 1.1
 */
public interface ChangeFeed {

    /** The largest payload, in UTF-8 bytes. */
    int MAX_PAYLOAD_BYTES = 7000;

    /** The longest topic, in characters. */
    int MAX_TOPIC_LENGTH = 63;

    /**
     * Announces a change on {@code topic} to every node, after the current transaction commits (at
     * once without one). A change published in a transaction that rolls back is never delivered.
     *
     * @param topic   a topic as {@link #checkTopic} accepts it, such as {@code billing.balances}
     * @param payload what changed, at most {@link #MAX_PAYLOAD_BYTES} bytes in UTF-8, without NUL
     *                characters; may be empty
     * @throws IllegalArgumentException if the topic or the payload breaks these rules
     */
    void publish(String topic, String payload);

    /**
     * Subscribes {@code listener} to the changes of {@code topic} on this node. Before this method
     * returns the listener is told where it starts: {@link Listener#resumed()} when the feed is live
     * (load what you cache now), {@link Listener#interrupted(Instant)} when it is not yet or not any more.
     *
     * @param topic a topic as {@link #checkTopic} accepts it
     * @return the subscription; {@link Subscription#close() close} it to stop listening
     * @throws IllegalArgumentException if the topic breaks the naming rule
     */
    Subscription subscribe(String topic, Listener listener);

    /**
     * Whether every change published on any node currently reaches this one. Always {@code true} on
     * a single node (H2); on PostgreSQL {@code false} from start until the node listens, and while its
     * listen connection is lost.
     */
    boolean isLive();

    /**
     * Up to when every change published on any node is known to have reached this node: about now
     * while the feed is live (on PostgreSQL its last round trip, a couple of seconds ago at most), and
     * the last such moment before an interruption while it is interrupted. A node that serves cached
     * values while it cannot check them may bound their age by it; also a sign that the database
     * answered recently.
     */
    Instant lastConfirmed();

    /**
     * Checks a topic against the naming rule: {@code <module id>.<thing>}, where the module id is the
     * publishing module's {@code ConsoleModule.id()} (lower-case letters, digits and underscores,
     * starting with a letter) and the thing one or more dot-separated parts of lower-case letters,
     * digits, underscores and hyphens; at most {@link #MAX_TOPIC_LENGTH} characters in all. Examples:
     * {@code keys.changes}, {@code billing.balances}, {@code core.memberships}.
     *
     * @return {@code topic}
     * @throws IllegalArgumentException if it breaks the rule
     */
    static String checkTopic(String topic) {
        if (topic == null
                || topic.length() > MAX_TOPIC_LENGTH
                || !ChangeFeedRules.TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("Not a change-feed topic (<module id>.<thing>, lower case, at most "
                    + MAX_TOPIC_LENGTH + " characters): " + topic);
        }
        return topic;
    }

    /**
     * Checks a payload: not {@code null}, no NUL character, at most {@link #MAX_PAYLOAD_BYTES} bytes in UTF-8.
     *
     * @return {@code payload}
     * @throws IllegalArgumentException if it breaks a rule
     */
    static String checkPayload(String payload) {
        if (payload == null || payload.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("A change-feed payload is a string without NUL characters");
        }
        if (payload.length() * 3L > MAX_PAYLOAD_BYTES
                && payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("A change-feed payload has at most " + MAX_PAYLOAD_BYTES
                    + " bytes in UTF-8; publish an id and let subscribers read the rest");
        }
        return payload;
    }

    /**
     * Told about the changes of one topic on this node, and about the feed's gaps. The feed calls
     * {@link #interrupted} and {@link #resumed} alternately, starting with one of them when the listener
     * subscribes. Implementations must return quickly and must not throw (a thrown exception is logged
     * and ignored).
     */
    interface Listener {

        /** A change was published on the topic (by this node or another). */
        void changed(String payload);

        /**
         * Changes published after {@code lastConfirmed} may not reach this node until {@link #resumed()}
         * is called: its connection to the other nodes is lost, or it has not listened yet. A cache that
         * may answer from memory only while it knows of every change stops trusting itself now; one that
         * may serve values for a bounded time counts that time from {@code lastConfirmed}.
         *
         * @param lastConfirmed when this node last knew it had received every change (about now, when
         *                      the listener subscribes before the feed listens)
         */
        default void interrupted(Instant lastConfirmed) {}

        /**
         * The feed is live: from now on every change reaches this node. Changes published before (while
         * it was interrupted, or before the listener subscribed) were missed: drop or reload what you
         * cached. Also called on subscribing when the feed is live.
         */
        default void resumed() {}
    }

    /** A listener's registration; closing it stops its calls (one already under way may finish). */
    interface Subscription extends AutoCloseable {

        /** Stops delivering to the listener. Closing twice does nothing. */
        @Override
        void close();
    }
}
