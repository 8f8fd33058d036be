package dev.vlmconsole.app.workspaces;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Names;
import dev.vlmconsole.app.dashboard.DashboardView;

/** Creates a workspace owned by the signed-in person and switches to it. */
public class NewWorkspaceDialog extends Dialog {

    public NewWorkspaceDialog(WorkspaceService workspaces) {
        setHeaderTitle("New workspace");
        TextField name = new TextField("Workspace name");
        name.setRequired(true);
        name.setMaxLength(Names.WORKSPACE_NAME.maxLength());
        name.setWidthFull();
        name.setHelperText("You become its Owner. You can switch between workspaces from the header.");
        add(name);
        Button create = new Button("Create workspace", e -> {
            try {
                workspaces.create(name.getValue());
                close();
                getUI().ifPresent(ui -> {
                    ui.navigate(DashboardView.class);
                    ui.refreshCurrentRoute(true);
                });
            } catch (InvalidInputException ex) {
                name.setInvalid(true);
                name.setErrorMessage(ex.getMessage());
            }
        });
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickShortcut(Key.ENTER);
        getFooter().add(new Button("Cancel", e -> close()), create);
        addOpenedChangeListener(e -> name.focus());
    }
}
