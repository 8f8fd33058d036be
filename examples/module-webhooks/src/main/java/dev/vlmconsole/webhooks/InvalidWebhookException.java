package dev.vlmconsole.webhooks;

/** Input the service refuses, with the field it concerns so that a form can show it there. */
public class InvalidWebhookException extends IllegalArgumentException {

    /** The input a problem concerns. */
    public enum Field { URL, DESCRIPTION, EVENTS, ENDPOINT }

    private final Field field;

    public InvalidWebhookException(Field field, String message) {
        super(message);
        this.field = field;
    }

    /** The input the problem concerns. */
    public Field field() {
        return field;
    }
}
