package dev.vlmconsole.app.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import dev.vlmconsole.app.support.ConsoleTest;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/** {@link Permissions#OPERATOR} is held only once the operator gave every factor the console asks of them. */
class OperatorOwingAFactorTest extends ConsoleTest {

    @Autowired
    CurrentConsoleContext context;

    @Autowired
    TwoFactorService twoFactor;

    @Autowired
    SecurityContextHolderStrategy strategy;

    @Test
    void an_operator_who_owes_the_code_of_their_second_factor_does_not_hold_it() {
        TestUser operator = newOperator();
        login(operator);
        TotpCodes codes = new TotpCodes(Clock.systemUTC());
        TwoFactorService.Enrolment enrolment = twoFactor.begin();
        twoFactor.confirm(enrolment.secret(), codes.codeAt(enrolment.secret(), codes.currentStep()));
        assertThat(context.can(Permissions.OPERATOR))
                .as("this session gave the code")
                .isTrue();

        strategy.clearContext(); // a new session, signed in with the password only
        login(operator);
        nextRequest();

        assertThat(context.can(Permissions.OPERATOR)).isFalse();
        assertThat(context.can(Permissions.SIGNED_IN)).isTrue();
    }
}
