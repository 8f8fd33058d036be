package dev.vlmconsole.app.layout;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.aura.Aura;

/** Page-wide settings: Vaadin's Aura theme, the console's own stylesheet, the title. */
@StyleSheet(Aura.STYLESHEET)
@StyleSheet("styles/console.css")
public class AppShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("Account console");
    }
}
