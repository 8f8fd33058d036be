package dev.vlmconsole.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/**
 * Every package of the contract says in code that nothing is null unless marked: a package added
 * without a {@code @NullMarked package-info.java} fails here.
 */
class NullMarkedPackagesTest {

    @Test
    void every_package_of_module_api_is_null_marked() throws IOException, URISyntaxException {
        Path classes = Path.of(ModuleApi.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> packages;
        try (Stream<Path> files = Files.walk(classes)) {
            packages = files.filter(f -> f.getFileName().toString().endsWith(".class"))
                    .map(f -> classes.relativize(f.getParent())
                            .toString()
                            .replace(f.getFileSystem().getSeparator(), "."))
                    .distinct()
                    .sorted()
                    .toList();
        }
        assertThat(packages).contains("dev.vlmconsole.api", "dev.vlmconsole.api.events", "dev.vlmconsole.api.services");

        assertThat(packages).allSatisfy(name -> {
            Class<?> info = loadPackageInfo(name);
            assertThat(info).as("package-info.java of %s", name).isNotNull();
            assertThat(info.isAnnotationPresent(NullMarked.class))
                    .as("%s is @NullMarked", name)
                    .isTrue();
        });
    }

    private static Class<?> loadPackageInfo(String packageName) {
        try {
            return Class.forName(packageName + ".package-info");
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
