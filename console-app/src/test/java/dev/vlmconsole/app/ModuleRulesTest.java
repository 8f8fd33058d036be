package dev.vlmconsole.app;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.core.importer.Locations;
import dev.vlmconsole.app.support.BuildPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules, on the compiled classes of every module: a module talks to the console and to
 * other modules only through {@code module-api}, and the contract knows nothing of either. The
 * example plugin is not on this classpath, so its classes are read from its build folder.
 */
class ModuleRulesTest {

    static final String API = "dev.vlmconsole.api..";
    static final String APP = "dev.vlmconsole.app..";
    /** The modules' test support (DD014), on this test classpath only. */
    static final String TEST_SUPPORT = "dev.vlmconsole.testsupport..";
    /** Each module's package; a new module adds its own. */
    static final Map<String, String> MODULES = Map.of(
            "keys", "dev.vlmconsole.keys..",
            "team", "dev.vlmconsole.team..",
            "billing", "dev.vlmconsole.billing..",
            "webhooks", "dev.vlmconsole.webhooks..");

    static JavaClasses classes;

    @BeforeAll
    static void importEveryModule() {
        Path webhooks = BuildPaths.examplePlugin().resolve("target").resolve("classes");
        assertThat(webhooks)
                .as("compiled example plugin (build it with the reactor)")
                .isDirectory();
        Set<Location> locations = new LinkedHashSet<>(Locations.ofPackage("dev.vlmconsole"));
        locations.add(Location.of(webhooks));
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importLocations(locations);
    }

    @Test
    void every_module_is_imported() {
        for (String pkg : MODULES.values()) {
            assertThat(classes.that(resideInAPackage(pkg)))
                    .as("classes in %s", pkg)
                    .isNotEmpty();
        }
        assertThat(classes.that(resideInAPackage(APP))).isNotEmpty();
    }

    @Test
    void modules_depend_on_neither_the_console_nor_each_other() {
        MODULES.forEach((id, pkg) -> {
            List<String> forbidden = new ArrayList<>(List.of(APP));
            MODULES.forEach((other, otherPkg) -> {
                if (!other.equals(id)) {
                    forbidden.add(otherPkg);
                }
            });
            noClasses()
                    .that()
                    .resideInAPackage(pkg)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because("module " + id + " may use only module-api")
                    .check(classes);
        });
    }

    @Test
    void the_contract_depends_on_neither_the_console_nor_any_module() {
        List<String> forbidden = new ArrayList<>(List.of(APP));
        forbidden.addAll(MODULES.values());
        noClasses()
                .that()
                .resideInAPackage(API)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden.toArray(String[]::new))
                .because("module-api is the contract both sides build against")
                .check(classes);
    }

    @Test
    void test_support_is_built_on_the_contract_alone_and_nothing_in_production_uses_it() {
        assertThat(classes.that(resideInAPackage(TEST_SUPPORT)))
                .as("test-support's classes")
                .isNotEmpty();
        List<String> forbidden = new ArrayList<>(List.of(APP));
        forbidden.addAll(MODULES.values());
        noClasses()
                .that()
                .resideInAPackage(TEST_SUPPORT)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden.toArray(String[]::new))
                .because("module authors test through module-api, as their module runs")
                .check(classes);
        List<String> production = new ArrayList<>(List.of(APP, API));
        production.addAll(MODULES.values());
        noClasses()
                .that()
                .resideInAnyPackage(production.toArray(String[]::new))
                .should()
                .dependOnClassesThat()
                .resideInAPackage(TEST_SUPPORT)
                .because("test-support is a test-scope dependency and never reaches the console jar")
                .check(classes);
    }

    @Test
    void the_console_finds_modules_instead_of_naming_them() {
        noClasses()
                .that()
                .resideInAPackage(APP)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(MODULES.values().toArray(String[]::new))
                .because("a module is found through its auto-configuration, never listed by the console")
                .check(classes);
    }
}
