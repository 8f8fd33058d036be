package dev.vlmconsole.api.services;

import java.util.regex.Pattern;

/** The change feed's compiled topic rule (see {@link ChangeFeed#checkTopic}), kept out of the interface's constants. */
final class ChangeFeedRules {

    static final Pattern TOPIC = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_-]+)+");

    private ChangeFeedRules() {}
}
