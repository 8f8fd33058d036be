package dev.vlmconsole.app.support;

import java.nio.file.Path;

/** Where the other modules of this build are, seen from console-app's tests. */
public final class BuildPaths {

    private BuildPaths() {}

    /** The build's root folder (the parent of console-app). */
    public static Path root() {
        // surefire sets basedir; an IDE runs tests from the module folder
        return Path.of(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .normalize()
                .getParent();
    }

    /** The example plugin's folder. */
    public static Path examplePlugin() {
        return root().resolve("examples").resolve("module-webhooks");
    }
}
