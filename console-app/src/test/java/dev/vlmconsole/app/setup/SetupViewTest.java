package dev.vlmconsole.app.setup;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.RouterLink;
import dev.vlmconsole.app.support.KaribuTest;
import org.junit.jupiter.api.Test;

/** The setup page once people exist. (Setup itself is covered by FirstRunTest, on its own database.) */
class SetupViewTest extends KaribuTest {

    @Test
    void once_a_person_exists_setup_says_it_is_complete_and_offers_no_form() {
        newUser();

        navigate("setup", "token=whatever");

        LocatorJ._assertOne(SetupView.class);
        LocatorJ._assertOne(Paragraph.class, s -> s.withText("Setup is complete."));
        LocatorJ._assertOne(RouterLink.class, s -> s.withText("Sign in"));
        LocatorJ._assertNone(TextField.class, s -> s.withLabel("Setup token"));
    }
}
