package dev.vlmconsole.app.sso.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._assertOne;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.DOMAIN_CLAIMS;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.textfield.TextArea;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.app.layout.AccessDeniedView;
import dev.vlmconsole.app.operators.ui.ReasonDialog;
import dev.vlmconsole.app.sso.DomainClaims;
import dev.vlmconsole.app.sso.DomainClaims.Claim;
import dev.vlmconsole.app.support.KaribuTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Operators → Domain claims: its empty states, approving a pending claim and revoking an approved one
 * only with a reason (recorded in the claiming workspace's log as an operator action), and nobody else
 * let in.
 */
class DomainClaimsViewTest extends KaribuTest {

    @Autowired
    DomainClaims claims;

    @Test
    void with_no_claims_both_lists_say_so() {
        // the one shared test database holds other tests' claims: this test starts from none
        tx.executeWithoutResult(s -> db.deleteFrom(DOMAIN_CLAIMS).execute());
        login(newOperator());

        navigate(DomainClaimsView.PATH);
        DomainClaimsView page = _get(DomainClaimsView.class);

        assertThat(GridKt._size(page.pending)).isZero();
        assertThat(GridKt._size(page.approved)).isZero();
        assertThat(((EmptyState) page.pending.getEmptyStateComponent()).getHeading())
                .isEqualTo("No claims to decide");
        assertThat(((EmptyState) page.approved.getEmptyStateComponent()).getHeading())
                .isEqualTo("No approved domains");
    }

    @Test
    void an_operator_approves_a_claim_with_a_reason_and_later_revokes_it() {
        Workspace w = newWorkspace("Acme " + unique());
        TestUser owner = newMember(w, Role.OWNER);
        login(owner, w);
        String domain = "acme-" + unique() + ".example";
        Claim claim = claims.request(domain, Role.VIEWER);
        TestUser operator = newOperator();
        login(operator);
        navigate(DomainClaimsView.PATH);
        DomainClaimsView page = _get(DomainClaimsView.class);
        int row = rowOf(page, claim);
        assertThat(GridKt._getFormattedRow(page.pending, row).subList(0, 4))
                .containsExactly(w.name(), domain, "Viewer", owner.displayName());

        page.openApprove(claim);
        ReasonDialog dialog = _get(ReasonDialog.class);
        _click(_get(dialog, Button.class, s -> s.withText("Approve")));
        assertThat(_get(dialog, TextArea.class).isInvalid())
                .as("a reason is required")
                .isTrue();
        _setValue(_get(dialog, TextArea.class), "Called Acme's IT");
        _click(_get(dialog, Button.class, s -> s.withText("Approve")));

        assertThat(page.pending.getListDataView().getItems().map(Claim::id)).doesNotContain(claim.id());
        assertThat(page.approved.getListDataView().getItems().map(Claim::id)).contains(claim.id());
        assertThat(operatorActions(w)).containsExactly("core.sso.domain_approved");

        page.openReject(claims.approved().stream()
                .filter(c -> c.id().equals(claim.id()))
                .findFirst()
                .orElseThrow());
        ReasonDialog revoke = _get(ReasonDialog.class);
        assertThat(revoke.getHeaderTitle()).startsWith("Revoke " + domain);
        _setValue(_get(revoke, TextArea.class), "Company sold");
        _click(_get(revoke, Button.class, s -> s.withText("Revoke")));

        assertThat(page.approved.getListDataView().getItems().map(Claim::id)).doesNotContain(claim.id());
        assertThat(operatorActions(w)).containsExactly("core.sso.domain_approved", "core.sso.domain_revoked");
    }

    @Test
    void owners_who_are_not_operators_are_refused_the_page() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);

        navigate(DomainClaimsView.PATH);

        _assertNone(DomainClaimsView.class);
        _assertOne(AccessDeniedView.class);
    }

    private static int rowOf(DomainClaimsView page, Claim claim) {
        for (int i = 0; i < GridKt._size(page.pending); i++) {
            if (GridKt._get(page.pending, i).id().equals(claim.id())) {
                return i;
            }
        }
        throw new AssertionError("not listed: " + claim.domain());
    }

    private List<String> operatorActions(Workspace w) {
        return db.select(AUDIT_LOG.ACTION)
                .from(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE_ID.eq(w.id()), AUDIT_LOG.ACTOR_OPERATOR.isTrue())
                .orderBy(AUDIT_LOG.ID)
                .fetch(AUDIT_LOG.ACTION);
    }
}
