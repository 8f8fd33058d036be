package dev.vlmconsole.app.keys;

import dev.vlmconsole.keys.KeyFormat;

/** Well-formed keys for tests. */
final class TestKeys {

    private static final KeyFormat FORMAT = new KeyFormat("vlm");

    private TestKeys() {}

    static String admin() {
        return FORMAT.generate(KeyFormat.Scope.ADMIN);
    }

    static String inference() {
        return FORMAT.generate(KeyFormat.Scope.INFERENCE);
    }

    /** The same key with one body character changed: the checksum no longer matches. */
    static String tampered(String key) {
        int i = key.length() - 10;
        char c = key.charAt(i) == 'a' ? 'b' : 'a';
        return key.substring(0, i) + c + key.substring(i + 1);
    }
}
