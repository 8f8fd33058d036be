package dev.vlmconsole.app.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.flow.component.html.Div;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.OperatorSection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ModuleRegistry#operatorSections()}: every module's, by order, and an id only once. */
class OperatorSectionsTest {

    private static ConsoleModule module(String id, OperatorSection... sections) {
        return new ConsoleModule() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String name() {
                return id;
            }

            @Override
            public List<OperatorSection> operatorSections() {
                return List.of(sections);
            }
        };
    }

    private static OperatorSection section(String id, int order) {
        return new OperatorSection(id, "Section " + id, order, workspace -> new Div());
    }

    @Test
    void sections_of_every_module_come_in_their_order() {
        ModuleRegistry registry = new ModuleRegistry(List.of(
                new CoreModule(),
                module("alpha", section("alpha.late", 30), section("alpha.early", 5)),
                module("beta", section("beta.middle", 10))));

        assertThat(registry.operatorSections())
                .extracting(OperatorSection::id)
                .containsExactly("alpha.early", "beta.middle", "alpha.late");
        assertThat(new ModuleRegistry(List.of(new CoreModule())).operatorSections())
                .isEmpty();
    }

    @Test
    void two_sections_with_one_id_stop_the_console() {
        assertThatThrownBy(() -> new ModuleRegistry(List.of(
                        new CoreModule(),
                        module("alpha", section("shared.credits", 1)),
                        module("beta", section("shared.credits", 2)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shared.credits")
                .hasMessageContaining("beta");
    }
}
