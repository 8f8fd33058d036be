package dev.vlmconsole.app.twofactor;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.TWO_FACTOR;
import static dev.vlmconsole.app.db.Tables.TWO_FACTOR_RECOVERY_CODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.dashboard.DashboardView;
import dev.vlmconsole.app.profile.ProfileView;
import dev.vlmconsole.app.support.KaribuTest;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

/** The profile's two-factor section and the code (and set-up) page, in a mocked browser. */
class TwoFactorPagesTest extends KaribuTest {

    @Autowired
    TwoFactorService twoFactor;

    @Autowired
    TwoFactorGate gate;

    private final TotpCodes codes = new TotpCodes(Clock.systemUTC());
    private Workspace workspace;
    private TestUser owner;

    @BeforeEach
    void signIn() {
        workspace = newWorkspace();
        owner = newMember(workspace, Role.OWNER);
    }

    @Test
    void setting_it_up_shows_the_qr_code_and_the_key_then_the_recovery_codes_once() {
        login(owner, workspace);
        openProfile();
        _click(button("Set up two-factor sign-in"));

        assertThat(_get(Image.class).getSrc()).startsWith("data:image/png;base64,");
        String secret = _get(TextField.class, s -> s.withLabel("Or type this key into the app"))
                .getValue()
                .replace(" ", "");
        TextField code = _get(TextField.class, s -> s.withLabel("Code from the app"));
        _setValue(code, wrongCode(secret));
        _click(button("Turn on"));
        assertThat(code.isInvalid()).isTrue();
        assertThat(enrolled(owner)).as("a wrong code turns nothing on").isFalse();

        _setValue(code, codes.codeAt(secret, codes.currentStep()));
        _click(button("Turn on"));

        List<String> shown = List.of(_get(Pre.class).getText().split("\n"));
        assertThat(shown).hasSize(10);
        assertThat(db.fetchValue(TWO_FACTOR.SECRET, TWO_FACTOR.USER_ID.eq(owner.id())))
                .isEqualTo(secret);
        assertThat(db.fetch(TWO_FACTOR_RECOVERY_CODE, TWO_FACTOR_RECOVERY_CODE.USER_ID.eq(owner.id()))
                        .getValues(TWO_FACTOR_RECOVERY_CODE.CODE_HASH))
                .containsExactlyInAnyOrderElementsOf(
                        shown.stream().map(TotpCodes::hashRecoveryCode).toList());
        assertThat(audited("core.profile.two_factor_enabled")).isTrue();
        assertThat(gate.hasSecondFactor(SecurityContextHolder.getContext().getAuthentication()))
                .as("this session gave the code")
                .isTrue();

        openProfile();
        assertThat(_find(Pre.class)).as("the codes are shown once").isEmpty();
        assertThat(_find(TextField.class, s -> s.withLabel("Or type this key into the app")))
                .isEmpty();
        assertThat(paragraphs()).anyMatch(p -> p.startsWith("On since") && p.contains("10 of 10 recovery codes left"));
    }

    @Test
    void turning_it_off_needs_the_password() {
        enrol(owner);
        openProfile();

        _click(button("Turn off"));
        _setValue(_get(PasswordField.class, s -> s.withLabel("Password")), "not my password at all");
        // the dialog's button is the second "Turn off"
        _click(_find(Button.class, s -> s.withText("Turn off")).getLast());
        assertThat(_get(PasswordField.class, s -> s.withLabel("Password")).getErrorMessage())
                .isEqualTo("The password is not right.");
        assertThat(enrolled(owner)).isTrue();

        _setValue(_get(PasswordField.class, s -> s.withLabel("Password")), owner.password());
        _click(_find(Button.class, s -> s.withText("Turn off")).getLast());

        assertThat(enrolled(owner)).isFalse();
        assertThat(audited("core.profile.two_factor_disabled")).isTrue();
        NotificationsKt.expectNotifications("Two-factor sign-in is off");
    }

    @Test
    void new_recovery_codes_need_the_password_and_replace_the_old_ones() {
        List<String> old = enrol(owner);
        openProfile();

        _click(button("New recovery codes"));
        _setValue(_get(PasswordField.class, s -> s.withLabel("Password")), owner.password());
        _click(button("Make new codes"));

        List<String> shown = List.of(_get(Pre.class).getText().split("\n"));
        assertThat(shown).hasSize(10).doesNotContainAnyElementsOf(old);
        assertThat(db.fetchExists(
                        TWO_FACTOR_RECOVERY_CODE,
                        TWO_FACTOR_RECOVERY_CODE.CODE_HASH.eq(TotpCodes.hashRecoveryCode(old.getFirst()))))
                .isFalse();
        assertThat(audited("core.profile.two_factor_recovery_codes_regenerated"))
                .isTrue();
    }

    @Test
    void it_cannot_be_turned_off_while_a_workspace_requires_it_and_the_page_says_why() {
        enrol(owner);
        twoFactor.requireForWorkspace(true);
        openProfile();

        assertThat(button("Turn off").isEnabled()).isFalse();
        assertThat(paragraphs())
                .anyMatch(p -> p.contains("\u201c" + workspace.name() + "\u201d requires two-factor sign-in"));
        assertThatThrownBy(() -> twoFactor.disable(owner.password())).isInstanceOf(TwoFactorRequiredException.class);
        assertThat(enrolled(owner)).isTrue();
    }

    @Test
    void only_an_owner_with_it_on_may_require_it_of_the_members() {
        login(owner, workspace);
        openProfile();
        Checkbox require = _get(Checkbox.class, s -> s.withLabel("Require two-factor sign-in for members"));

        _setValue(require, true);
        assertThat(require.getValue()).as("refused: the Owner has it off").isFalse();
        NotificationsKt.expectNotifications("Turn on two-factor sign-in for yourself first.");

        enrol(owner);
        openProfile();
        _setValue(_get(Checkbox.class, s -> s.withLabel("Require two-factor sign-in for members")), true);
        assertThat(twoFactor.workspaceRequires()).isTrue();
        assertThat(db.fetchExists(
                        AUDIT_LOG,
                        AUDIT_LOG
                                .ACTION
                                .eq("core.workspace.two_factor_required")
                                .and(AUDIT_LOG.WORKSPACE_ID.eq(workspace.id()))
                                .and(AUDIT_LOG.TARGET_ID.eq(workspace.id().toString()))))
                .isTrue();

        TestUser admin = newMember(workspace, Role.ADMIN);
        enrol(admin);
        openProfile();
        assertThat(_find(Checkbox.class)).as("Owners only").isEmpty();
        assertThatThrownBy(() -> twoFactor.requireForWorkspace(false)).isInstanceOf(PermissionDeniedException.class);
        assertThat(twoFactor.workspaceRequires()).isTrue();
    }

    @Test
    void a_password_only_session_of_an_enrolled_person_gets_the_code_page_for_any_page() {
        enrol(owner);
        login(owner, workspace); // signed in again: the password alone

        openProfile();
        assertThat(currentView()).isInstanceOf(TwoFactorView.class);
        navigate("keys");
        assertThat(currentView()).isInstanceOf(TwoFactorView.class);

        TextField code = _get(TextField.class, s -> s.withLabel("Code"));
        _setValue(code, "12");
        _click(button("Verify"));
        assertThat(code.isInvalid()).isTrue();
        assertThat(gate.need()).isEqualTo(TwoFactorGate.Need.CODE);

        String secret = db.fetchValue(TWO_FACTOR.SECRET, TWO_FACTOR.USER_ID.eq(owner.id()));
        _setValue(code, codes.codeAt(secret, codes.currentStep() + 1));
        _click(button("Verify"));

        assertThat(code.isInvalid()).isFalse();
        assertThat(gate.need()).isEqualTo(TwoFactorGate.Need.NOTHING);
    }

    @Test
    void a_member_of_a_workspace_that_requires_it_is_sent_to_set_it_up_and_may_open_another_workspace() {
        enrol(owner);
        twoFactor.requireForWorkspace(true);
        TestUser member = newMember(workspace, Role.MEMBER);
        Workspace other = newWorkspace();
        addMember(other, member, Role.MEMBER);
        login(member, workspace);

        navigate(DashboardView.class);

        assertThat(currentView()).isInstanceOf(TwoFactorView.class);
        assertThat(_get(H1.class).getText()).isEqualTo("Set up two-factor sign-in");
        assertThat(paragraphs()).anyMatch(p -> p.contains("\u201c" + workspace.name() + "\u201d requires"));
        assertThat(_find(Button.class, s -> s.withText(other.name()))).hasSize(1);
        assertThat(_find(Button.class, s -> s.withText(workspace.name()))).isEmpty();

        workspaceService.switchTo(other.id());
        navigate(DashboardView.class);
        assertThat(currentView()).isInstanceOf(DashboardView.class);
    }

    /** Turns two-factor sign-in on for {@code user} (signing them in, with both factors); their recovery codes. */
    private List<String> enrol(TestUser user) {
        login(user, workspace);
        TwoFactorService.Enrolment enrolment = twoFactor.begin();
        return twoFactor.confirm(enrolment.secret(), codes.codeAt(enrolment.secret(), codes.currentStep()));
    }

    /** Opens the profile page afresh (navigating to the page already shown would keep it as it was). */
    private static void openProfile() {
        navigate(DashboardView.class);
        navigate(ProfileView.class);
    }

    /** A six-digit code that is not right for {@code secret} now. */
    private String wrongCode(String secret) {
        int right = Integer.parseInt(codes.codeAt(secret, codes.currentStep()));
        for (int i = 1; ; i++) {
            String wrong = String.format("%06d", (right + 500_000 + i) % 1_000_000);
            if (codes.verify(secret, wrong, -1).isEmpty()) {
                return wrong;
            }
        }
    }

    private boolean enrolled(TestUser user) {
        return db.fetchExists(TWO_FACTOR, TWO_FACTOR.USER_ID.eq(user.id()));
    }

    private boolean audited(String action) {
        return db.fetchExists(AUDIT_LOG, AUDIT_LOG.ACTION.eq(action).and(AUDIT_LOG.ACTOR_ID.eq(owner.id())));
    }

    private static Object currentView() {
        return UI.getCurrent().getInternals().getActiveRouterTargetsChain().getFirst();
    }

    private static List<String> paragraphs() {
        return _find(Paragraph.class).stream().map(Paragraph::getText).toList();
    }

    private static Button button(String text) {
        return _get(Button.class, s -> s.withText(text));
    }
}
