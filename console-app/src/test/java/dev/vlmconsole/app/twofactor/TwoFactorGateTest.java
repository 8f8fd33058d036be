package dev.vlmconsole.app.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.app.ConsoleProperties;
import dev.vlmconsole.app.security.ApiKeyAuthentication;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import dev.vlmconsole.app.support.ConsoleTest;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * The gate's rules, with the install setting on as it is by default (the shared test console turns
 * it off, since its operators stand for people outside any workspace).
 */
class TwoFactorGateTest extends ConsoleTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    TwoFactorRepository repository;

    @Autowired
    CurrentConsoleContext consoleContext;

    @Autowired
    ConsoleProperties settings;

    @Autowired
    TwoFactorService twoFactor;

    private TwoFactorGate gate;
    private final TotpCodes codes = new TotpCodes(Clock.systemUTC());

    @BeforeEach
    void gateWithOperatorsRequired() {
        ConsoleProperties s = settings;
        ConsoleProperties required = new ConsoleProperties(
                s.dataDir(),
                s.publicUrl(),
                new ConsoleProperties.Security(s.security().bcryptCost(), true),
                s.api(),
                s.plans(),
                s.bootstrap(),
                s.payments(),
                s.feed(),
                s.mail(),
                s.passwordReset(),
                s.supportContact(),
                s.audit(),
                s.oidc());
        gate = new TwoFactorGate(
                repository, consoleContext, tx, context.getBeanProvider(SecurityContextHolderStrategy.class), required);
    }

    @Test
    void an_operator_without_it_uses_the_console_as_a_member_without_operator_powers() {
        login(newOperator());

        assertThat(gate.need()).as("not held up (DD027)").isEqualTo(TwoFactorGate.Need.NOTHING);
        assertThat(gate.allowsOperatorPowers(currentAuthentication()))
                .as("operator powers wait for the second factor")
                .isFalse();
    }

    @Test
    void an_operator_with_it_owes_the_code_until_the_session_gave_it() {
        TestUser operator = newOperator();
        login(operator);
        TwoFactorService.Enrolment enrolment = twoFactor.begin();
        twoFactor.confirm(enrolment.secret(), codes.codeAt(enrolment.secret(), codes.currentStep()));
        assertThat(gate.need()).as("this session gave the code").isEqualTo(TwoFactorGate.Need.NOTHING);
        assertThat(gate.allowsOperatorPowers(currentAuthentication())).isTrue();

        // a new session: the application's strategy is not the JVM-wide one when other tests started consoles
        context.getBean(SecurityContextHolderStrategy.class).clearContext();
        login(operator);
        assertThat(gate.need()).isEqualTo(TwoFactorGate.Need.CODE);
    }

    @Test
    void a_member_without_it_whom_nobody_requires_it_of_needs_nothing() {
        Workspace workspace = newWorkspace();
        login(newMember(workspace, Role.MEMBER), workspace);

        assertThat(gate.need()).isEqualTo(TwoFactorGate.Need.NOTHING);
    }

    @Test
    void api_keys_are_never_held_up() {
        Workspace workspace = newWorkspace();
        TestUser owner = newMember(workspace, Role.OWNER);
        SecurityContext keyContext = SecurityContextHolder.createEmptyContext();
        keyContext.setAuthentication(new ApiKeyAuthentication(
                new ApiKeyPrincipal(UUID.randomUUID(), workspace.id(), owner.id(), "ci", Set.of())));
        SecurityContextHolder.setContext(keyContext);
        tx.executeWithoutResult(s -> repository.setWorkspaceRequires(workspace.id(), true));

        assertThat(gate.need()).isEqualTo(TwoFactorGate.Need.NOTHING);
    }

    @Test
    void nobody_signed_in_is_not_the_gates_business() {
        assertThat(gate.need()).isEqualTo(TwoFactorGate.Need.NOTHING);
    }

    /**
     * The session's authentication as the console holds it: the application's own strategy, which is not the
     * JVM-wide holder once other tests have started consoles (the confirmed second factor is added there).
     */
    private Authentication currentAuthentication() {
        Authentication own = context.getBean(SecurityContextHolderStrategy.class)
                .getContext()
                .getAuthentication();
        return own != null ? own : SecurityContextHolder.getContext().getAuthentication();
    }
}
