package dev.vlmconsole.app.twofactor;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.VaadinSession;
import dev.vlmconsole.app.signin.LoginView;
import org.springframework.stereotype.Component;

/**
 * The Vaadin half of the two-factor gate ({@link TwoFactorFilter} is the HTTP half): navigation inside
 * the page, to any page but the code page and sign-in, goes to the code page while the person still
 * owes their second factor or must set one up. Module pages are held up like the core's, and
 * {@link TwoFactorRequestHandler} refuses the round trips of pages that were open already. See DD017.
 */
@Component
class TwoFactorNavigationGuard implements VaadinServiceInitListener {

    private final TwoFactorGate gate;

    TwoFactorNavigationGuard(TwoFactorGate gate) {
        this.gate = gate;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(ui -> ui.getUI().addBeforeEnterListener(this::guard));
        // round trips of pages opened before the person came to owe a factor (DD017)
        event.addRequestHandler(new TwoFactorRequestHandler(gate));
    }

    void guard(BeforeEnterEvent event) {
        Class<?> target = event.getNavigationTarget();
        if (target == TwoFactorView.class || target == LoginView.class) {
            return;
        }
        if (gate.need() != TwoFactorGate.Need.NOTHING) {
            VaadinSession session = VaadinSession.getCurrent();
            if (session != null && session.getSession() != null) {
                String path = "/" + event.getLocation().getPathWithQueryParameters();
                if (SecondFactorSession.isLocalPath(path)) {
                    session.getSession().setAttribute(SecondFactorSession.CONTINUE_ATTRIBUTE, path);
                }
            }
            event.forwardTo(TwoFactorView.class);
        }
    }
}
