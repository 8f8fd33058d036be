package dev.vlmconsole.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.Route;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The descriptor builders build what the canonical constructors build, and refuse mistakes as they are made. */
class DescriptorBuildersTest {

    static class Page extends Div {}

    @Route("routed")
    static class RoutedPage extends Div {}

    abstract static class AbstractPage extends Div {}

    private static final Function<ConsoleContext, Component> BODY = context -> new Span("body");

    // --- NavigationEntry

    @Test
    void a_navigation_entry_reads_as_it_is_built() {
        NavigationEntry entry = NavigationEntry.builder("keys", Page.class)
                .title("API keys")
                .icon("vaadin:key")
                .requires("keys.read")
                .order(10)
                .build();

        assertThat(entry).isEqualTo(new NavigationEntry("keys", "API keys", "vaadin:key", Page.class, "keys.read", 10));
    }

    @Test
    void a_navigation_entry_without_icon_or_order_gets_the_defaults() {
        NavigationEntry entry = NavigationEntry.builder("billing/invoices", Page.class)
                .title("Invoices")
                .requires("billing.read")
                .build();

        assertThat(entry.icon()).isNull();
        assertThat(entry.order()).isEqualTo(NavigationEntry.DEFAULT_ORDER);
        assertThat(entry.path()).isEqualTo("billing/invoices");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/keys", "keys/", "my keys", "keys?x=1", "keys#top", "a//b", "kéys"})
    void a_path_that_cannot_be_a_page_is_refused_at_once(String path) {
        assertThatThrownBy(() -> NavigationEntry.builder(path, Page.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path");
    }

    @Test
    void the_empty_path_is_the_home_page_which_the_console_declares() {
        NavigationEntry home = NavigationEntry.builder("", Page.class)
                .title("Dashboard")
                .requires("core.home.read")
                .build();
        assertThat(home.path()).isEmpty();
    }

    @Test
    void a_view_with_its_own_route_or_an_abstract_view_is_refused_at_once() {
        assertThatThrownBy(() -> NavigationEntry.builder("routed", RoutedPage.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@Route");
        assertThatThrownBy(() -> NavigationEntry.builder("abstract", AbstractPage.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concrete");
    }

    @Test
    void each_setter_checks_its_value_when_it_is_called() {
        NavigationEntry.Builder b = NavigationEntry.builder("keys", Page.class);
        assertThatThrownBy(() -> b.title("  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("title");
        assertThatThrownBy(() -> b.requires("Keys Read"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Keys Read'");
        assertThatThrownBy(() -> b.requires("keys")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.icon("<svg>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("icon");
        assertThat(b.icon("key")
                        .title(" API keys ")
                        .requires("keys.read_all")
                        .build()
                        .title())
                .isEqualTo("API keys");
    }

    @Test
    void build_names_the_setter_that_was_forgotten() {
        assertThatThrownBy(() -> NavigationEntry.builder("keys", Page.class)
                        .requires("keys.read")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("title(...)")
                .hasMessageContaining("keys");
        assertThatThrownBy(() -> NavigationEntry.builder("keys", Page.class)
                        .title("Keys")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("requires(...)");
    }

    @Test
    void the_1_0_constructor_still_accepts_what_it_accepted() {
        // a plugin compiled against 1.0 calls the canonical constructor; it must not become stricter
        assertThat(new NavigationEntry("Odd Path", "T", null, RoutedPage.class, "anything", 0).path())
                .isEqualTo("Odd Path");
        assertThatThrownBy(() -> new NavigationEntry("/keys", "T", null, Page.class, "x.read", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- DashboardCard

    @Test
    void a_dashboard_card_reads_as_it_is_built() {
        DashboardCard card = DashboardCard.builder("keys.summary", BODY)
                .title("API keys")
                .requires("keys.read")
                .order(10)
                .build();

        assertThat(card).isEqualTo(new DashboardCard("keys.summary", "API keys", "keys.read", 10, BODY));
        assertThat(DashboardCard.builder("keys.other", BODY)
                        .title("T")
                        .requires("keys.read")
                        .build()
                        .order())
                .isEqualTo(DashboardCard.DEFAULT_ORDER);
    }

    @Test
    void a_dashboard_card_is_checked_as_it_is_built() {
        assertThatThrownBy(() -> DashboardCard.builder("summary", BODY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("card id");
        assertThatThrownBy(() -> DashboardCard.builder("keys.summary", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DashboardCard.builder("keys.summary", BODY).title(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DashboardCard.builder("keys.summary", BODY)
                        .title("Keys")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("requires(...)");
    }

    // --- Permission

    @Test
    void a_permission_reads_as_it_is_built() {
        Permission p = Permission.builder("keys.manage_all")
                .description("Manage every key")
                .grantedTo(Role.OWNER, Role.ADMIN)
                .build();

        assertThat(p)
                .isEqualTo(new Permission("keys.manage_all", "Manage every key", EnumSet.of(Role.OWNER, Role.ADMIN)));
        assertThat(Permission.builder("core.workspace.read")
                        .description("See it")
                        .grantedToEveryRole()
                        .build()
                        .grantedTo())
                .containsExactlyInAnyOrder(Role.values());
        assertThat(Permission.builder("x.read")
                        .description("d")
                        .grantedTo(Set.of(Role.VIEWER))
                        .build()
                        .isGrantedTo(Role.VIEWER))
                .isTrue();
    }

    @Test
    void a_permission_is_checked_as_it_is_built() {
        assertThatThrownBy(() -> Permission.builder("KEYS.READ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Permission.builder("keys.read").grantedTo(Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one role");
        assertThatThrownBy(() -> Permission.builder("keys.read").grantedTo(Role.OWNER, (Role) null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(
                        () -> Permission.builder("keys.read").description("d").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("grantedTo(...)");
        assertThatThrownBy(() ->
                        Permission.builder("keys.read").grantedTo(Role.OWNER).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("description(...)");
    }

    @Test
    void the_roles_a_builder_was_given_cannot_be_changed_through_the_permission() {
        EnumSet<Role> roles = EnumSet.of(Role.OWNER);
        Permission p = Permission.builder("keys.read")
                .description("d")
                .grantedTo(roles)
                .build();
        roles.add(Role.VIEWER);

        assertThat(p.isGrantedTo(Role.VIEWER)).isFalse();
        assertThatThrownBy(() -> p.grantedTo().add(Role.ADMIN)).isInstanceOf(UnsupportedOperationException.class);
    }
}
