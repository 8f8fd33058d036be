package dev.vlmconsole.app.twofactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinResponse;
import com.vaadin.flow.server.VaadinSession;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.app.dashboard.DashboardView;
import dev.vlmconsole.app.modules.CoreModule;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import dev.vlmconsole.app.support.KaribuTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A page already open when the person comes to owe a factor: its next round trip is not run but sends
 * the browser to {@code /two-factor}, and no service call succeeds for the session meanwhile.
 */
class TwoFactorOpenPagesTest extends KaribuTest {

    @Autowired
    TwoFactorService twoFactor;

    @Autowired
    TwoFactorGate gate;

    @Autowired
    CurrentConsoleContext context;

    @Autowired
    Memberships memberships;

    private final TotpCodes codes = new TotpCodes(Clock.systemUTC());
    private Workspace workspace;
    private TestUser owner;
    private TestUser admin;

    @BeforeEach
    void people() {
        workspace = newWorkspace();
        owner = newMember(workspace, Role.OWNER);
        admin = newMember(workspace, Role.ADMIN);
    }

    @Test
    void an_open_page_of_a_member_stops_acting_once_the_owner_requires_two_factor() throws IOException {
        login(admin, workspace);
        navigate(DashboardView.class);
        SecurityContext adminSession = SecurityContextHolder.getContext();
        assertThat(context.can(CoreModule.MEMBERS_MANAGE)).isTrue();
        assertThat(roundTrip().handled())
                .as("nothing owed: Vaadin runs the round trip")
                .isFalse();

        enrol(owner);
        twoFactor.requireForWorkspace(true);
        backTo(adminSession);

        assertThat(gate.need()).isEqualTo(TwoFactorGate.Need.ENROLMENT);
        RoundTrip next = roundTrip();
        assertThat(next.handled()).as("the click is not run").isTrue();
        assertThat(next.body()).contains("appError", "\"url\":\"/two-factor\"");
        assertRefused();
    }

    @Test
    void an_open_page_of_a_session_that_owes_the_code_stops_acting() throws IOException {
        enrol(admin);
        navigate(DashboardView.class);
        assertThat(roundTrip().handled()).as("both factors given").isFalse();
        assertThat(context.can(CoreModule.MEMBERS_MANAGE)).isTrue();

        login(admin, workspace); // the session now holds the password factor only

        assertThat(gate.need()).isEqualTo(TwoFactorGate.Need.CODE);
        assertThat(roundTrip().body()).contains("\"url\":\"/two-factor\"");
        assertRefused();
    }

    @Test
    void the_code_page_itself_keeps_working() throws IOException {
        enrol(admin);
        login(admin, workspace);
        navigate(DashboardView.class);

        assertThat(UI.getCurrent().getInternals().getActiveRouterTargetsChain().getFirst())
                .isInstanceOf(TwoFactorView.class);
        assertThat(roundTrip().handled())
                .as("the code page's own round trips run")
                .isFalse();
        assertThat(context.can(Permissions.SIGNED_IN)).isTrue();
    }

    private void assertRefused() {
        nextRequest();
        assertThat(context.can(CoreModule.MEMBERS_MANAGE)).isFalse();
        assertThatThrownBy(() -> context.require(CoreModule.MEMBERS_MANAGE))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> memberships.remove(owner.id())).isInstanceOf(PermissionDeniedException.class);
    }

    private void enrol(TestUser user) {
        login(user, workspace);
        TwoFactorService.Enrolment enrolment = twoFactor.begin();
        twoFactor.confirm(enrolment.secret(), codes.codeAt(enrolment.secret(), codes.currentStep()));
    }

    private void backTo(SecurityContext session) {
        SecurityContextHolder.setContext(session);
        afterLogin(session);
        nextRequest();
    }

    private record RoundTrip(boolean handled, String body) {}

    /** What the open page's next Vaadin round trip ({@code v-r=uidl}) is answered with. */
    private RoundTrip roundTrip() throws IOException {
        VaadinRequest request = mock(VaadinRequest.class);
        when(request.getParameter("v-r")).thenReturn("uidl");
        when(request.getParameter("v-uiId"))
                .thenReturn(String.valueOf(UI.getCurrent().getUIId()));
        when(request.getContextPath()).thenReturn("");
        VaadinResponse response = mock(VaadinResponse.class);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter chars = new StringWriter();
        when(response.getOutputStream()).thenReturn(bytes);
        when(response.getWriter()).thenReturn(new PrintWriter(chars, true));
        boolean handled =
                new TwoFactorRequestHandler(gate).handleRequest(VaadinSession.getCurrent(), request, response);
        return new RoundTrip(handled, bytes.toString(StandardCharsets.UTF_8) + chars);
    }
}
