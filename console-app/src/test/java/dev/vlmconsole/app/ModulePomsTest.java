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
 * project module, and the console never puts the example plugin on its classpath.
 */
class ModulePomsTest {

    private static final Path ROOT = BuildPaths.root();
    private static final String GROUP = "dev.vlmconsole";

    /** One {@code <dependency>} of a pom. */
    record Dependency(String groupId, String artifactId, String type, String scope) {
    }

    @Test
    void every_module_depends_on_module_api_and_on_no_other_project_module() throws Exception {
        List<String> modules = childTexts(document(ROOT.resolve("pom.xml")).getDocumentElement(), "modules", "module");
        List<String> featureModules = modules.stream()
                .filter(m -> !m.equals("module-api") && !m.equals("console-app")).toList();
        assertThat(featureModules).contains("module-keys", "module-team", "module-billing", "examples/module-webhooks");

        for (String module : featureModules) {
            List<String> project = dependencies(ROOT.resolve(module).resolve("pom.xml")).stream()
                    .filter(d -> d.groupId().equals(GROUP) || d.groupId().equals("${project.groupId}"))
                    .map(Dependency::artifactId).toList();
            assertThat(project).as("project modules %s depends on", module).containsExactly("module-api");
        }
    }

    @Test
    void the_example_plugin_jar_carries_only_its_own_classes() throws Exception {
        for (Dependency d : dependencies(ROOT.resolve("examples/module-webhooks/pom.xml"))) {
            assertThat(d.scope()).as("scope of %s in the example plugin", d.artifactId()).isIn("provided", "test");
        }
    }

    @Test
    void the_console_orders_the_build_after_the_example_plugin_but_never_loads_it() throws Exception {
        List<Dependency> onPlugin = dependencies(ROOT.resolve("console-app/pom.xml")).stream()
                .filter(d -> d.artifactId().equals("module-webhooks")).toList();
        for (Dependency d : onPlugin) {
            assertThat(d.type()).as("type of the console's dependency on the example plugin").isEqualTo("pom");
        }
    }

    private static List<Dependency> dependencies(Path pom) throws Exception {
        assertThat(pom).exists();
        Element project = document(pom).getDocumentElement();
        List<Dependency> result = new ArrayList<>();
        for (Element deps : children(project, "dependencies")) {
            for (Element d : children(deps, "dependency")) {
                result.add(new Dependency(text(d, "groupId", ""), text(d, "artifactId", ""), text(d, "type", "jar"),
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
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE && nodes.item(i).getNodeName().equals(name)) {
                result.add((Element) nodes.item(i));
            }
        }
        return result;
    }

    private static List<String> childTexts(Element parent, String list, String item) {
        return children(parent, list).stream().flatMap(l -> children(l, item).stream())
                .map(e -> e.getTextContent().trim()).toList();
    }

    private static String text(Element parent, String name, String fallback) {
        return children(parent, name).stream().findFirst().map(e -> e.getTextContent().trim()).orElse(fallback);
    }
}
