package dev.vlmconsole.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.BuildPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The module rules at build level, where ArchUnit cannot look: every module of the build (and so
 * every module a third party copies from the example) depends on module-api and on no other
 * project module (test-support aside, in test scope only), and the console never puts the example
 * plugin on its classpath.
 */
class ModulePomsTest {

    private static final Path ROOT = BuildPaths.root();
    private static final String GROUP = "dev.vlmconsole";
    /** The modules' test support (DD014): a test-scope dependency, never part of a module or the console. */
    private static final String TEST_SUPPORT = "test-support";

    /** One {@code <dependency>} of a pom. */
    record Dependency(String groupId, String artifactId, String type, String scope) {}

    @Test
    void every_module_depends_on_module_api_and_on_no_other_project_module() throws Exception {
        List<String> modules = childTexts(document(ROOT.resolve("pom.xml")).getDocumentElement(), "modules", "module");
        List<String> featureModules = modules.stream()
                .filter(m -> !m.equals("module-api") && !m.equals("console-app"))
                .toList();
        assertThat(featureModules)
                .contains("module-keys", "module-team", "module-billing", "examples/module-webhooks", TEST_SUPPORT);

        for (String module : featureModules) {
            List<String> project = dependencies(ROOT.resolve(module).resolve("pom.xml")).stream()
                    .filter(d -> d.groupId().equals(GROUP) || d.groupId().equals("${project.groupId}"))
                    .filter(d -> !d.artifactId().equals(TEST_SUPPORT))
                    .map(Dependency::artifactId)
                    .toList();
            assertThat(project).as("project modules %s depends on", module).containsExactly("module-api");
        }
    }

    @Test
    void test_support_is_only_ever_a_test_dependency() throws Exception {
        List<String> modules = childTexts(document(ROOT.resolve("pom.xml")).getDocumentElement(), "modules", "module");
        assertThat(modules)
                .as("test-support is built before the modules that use it")
                .containsSubsequence("module-api", TEST_SUPPORT, "module-keys");
        List<String> poms = new ArrayList<>(modules);
        poms.add("");
        for (String module : poms) {
            for (Dependency d : dependencies(ROOT.resolve(module).resolve("pom.xml"))) {
                if (d.artifactId().equals(TEST_SUPPORT)) {
                    assertThat(d.scope())
                            .as("scope of test-support in %s", module.isEmpty() ? "the parent" : module)
                            .isEqualTo("test");
                }
            }
        }
        // the parent's dependencyManagement fixes the scope for anyone who leaves it out
        Element parent = document(ROOT.resolve("pom.xml")).getDocumentElement();
        List<Dependency> managed = new ArrayList<>();
        for (Element dm : children(parent, "dependencyManagement")) {
            managed.addAll(dependencies(dm));
        }
        assertThat(managed)
                .filteredOn(d -> d.artifactId().equals(TEST_SUPPORT))
                .singleElement()
                .satisfies(d -> assertThat(d.scope()).isEqualTo("test"));
    }

    @Test
    void the_example_plugin_jar_carries_only_its_own_classes() throws Exception {
        for (Dependency d : dependencies(ROOT.resolve("examples/module-webhooks/pom.xml"))) {
            assertThat(d.scope())
                    .as("scope of %s in the example plugin", d.artifactId())
                    .isIn("provided", "test");
        }
    }

    @Test
    void the_console_orders_the_build_after_the_example_plugin_but_never_loads_it() throws Exception {
        List<Dependency> onPlugin = dependencies(ROOT.resolve("console-app/pom.xml")).stream()
                .filter(d -> d.artifactId().equals("module-webhooks"))
                .toList();
        for (Dependency d : onPlugin) {
            assertThat(d.type())
                    .as("type of the console's dependency on the example plugin")
                    .isEqualTo("pom");
        }
    }

    private static List<Dependency> dependencies(Path pom) throws Exception {
        assertThat(pom).exists();
        return dependencies(document(pom).getDocumentElement());
    }

    /** The {@code <dependencies>} directly under {@code project} (or under a {@code <dependencyManagement>}). */
    private static List<Dependency> dependencies(Element project) {
        List<Dependency> result = new ArrayList<>();
        for (Element deps : children(project, "dependencies")) {
            for (Element d : children(deps, "dependency")) {
                result.add(new Dependency(
                        text(d, "groupId", ""),
                        text(d, "artifactId", ""),
                        text(d, "type", "jar"),
                        text(d, "scope", "compile")));
            }
        }
        return result;
    }

    private static Document document(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (var in = Files.newInputStream(file)) {
            return factory.newDocumentBuilder().parse(in);
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE
                    && nodes.item(i).getNodeName().equals(name)) {
                result.add((Element) nodes.item(i));
            }
        }
        return result;
    }

    private static List<String> childTexts(Element parent, String list, String item) {
        return children(parent, list).stream()
                .flatMap(l -> children(l, item).stream())
                .map(e -> e.getTextContent().trim())
                .toList();
    }

    private static String text(Element parent, String name, String fallback) {
        return children(parent, name).stream()
                .findFirst()
                .map(e -> e.getTextContent().trim())
                .orElse(fallback);
    }
}
