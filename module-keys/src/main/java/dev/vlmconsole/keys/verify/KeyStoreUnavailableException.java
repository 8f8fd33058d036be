package dev.vlmconsole.keys.verify;

/** The database could not be asked about a key that is not in this node's cache. */
public class KeyStoreUnavailableException extends RuntimeException {

    public KeyStoreUnavailableException(Throwable cause) {
        super("The key store is unavailable", cause);
    }

    /** Refused without trying: the store is known to be unreachable. */
    public KeyStoreUnavailableException(String reason) {
        super("The key store is unavailable: " + reason);
    }
}
