package dev.vlmconsole.app.operators;

/** Refuses to withdraw the operator flag of the install's last operator: nobody could grant it again. */
public class LastOperatorException extends IllegalStateException {

    public LastOperatorException() {
        super("This is the last operator: grant the flag to someone else first, so that the install keeps one.");
    }
}
