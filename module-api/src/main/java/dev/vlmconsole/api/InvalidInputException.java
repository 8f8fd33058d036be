package dev.vlmconsole.api;

/**
 * Input the console refuses, with the field it concerns, so that a form can show the message
 * beside that field and the machine API can name it in its {@code 400} problem. Nothing was
 * changed when it is thrown.
 */
public class InvalidInputException extends IllegalArgumentException {

    private final String field;

    /**
     * @param field   the input's name as forms and API bodies spell it, such as {@code name}
     * @param message a sentence for the person who typed it
     */
    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The input the problem concerns, such as {@code name} or {@code workspaceName}. */
    public String field() {
        return field;
    }
}
