package dev.vlmconsole.api.ui;

/**
 * Names shared by the kit and the modules that use it.
 *
 * <p><b>Styles of a module.</b> A module ships its stylesheet in its own jar, as
 * {@code src/main/resources/META-INF/resources/styles/<module-id>.css}, and loads it with
 * {@code @StyleSheet("context://styles/<module-id>.css")} on the component classes that use its
 * classes (its views, and any dialog or card that can be shown without them). Every class name it
 * defines starts with its module id and a hyphen ({@code keys-facts}, {@code webhooks-url}), so two
 * modules' rules never meet; names without a prefix belong to the console's shell, names starting
 * with {@value #CLASS_PREFIX} to this kit. A module never styles another module's or the shell's
 * classes. See DD013.
 */
public final class UiKit {

    /** The kit's stylesheet, served from this jar's {@code META-INF/resources}. */
    public static final String STYLESHEET = "context://styles/console-ui.css";

    /** The prefix of every class name the kit defines. */
    public static final String CLASS_PREFIX = "ui-";

    private UiKit() {}
}
