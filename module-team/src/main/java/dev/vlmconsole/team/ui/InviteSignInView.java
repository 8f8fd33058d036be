package dev.vlmconsole.team.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.RouteParameters;
import jakarta.annotation.security.PermitAll;

/**
 * The sign-in step of an invitation for a person who has an account: {@code /invite/<token>/sign-in}
 * needs a signed-in person, so the console's sign-in page asks for one and then brings them back
 * here (the page they were going to), and this page hands over to {@link InviteView}. The way back
 * is the console's own "page you were going to" after signing in, so no address travels in a query
 * parameter that a link could point elsewhere.
 */
@PermitAll
public class InviteSignInView extends Div implements BeforeEnterObserver {

    /** The route, beside {@link InviteView#ROUTE}. */
    public static final String ROUTE = "invite/:token/sign-in";

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String token = event.getRouteParameters().get("token").orElse("");
        event.forwardTo(InviteView.class, new RouteParameters("token", token));
    }
}
