package dev.vlmconsole.app.access;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.keys.db.Tables.API_KEYS;
import static dev.vlmconsole.keys.db.Tables.PLATFORM_KEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.DashboardCard;
import dev.vlmconsole.api.NavigationEntry;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.api.services.PlatformKeyAuthenticator;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.api.services.WorkspaceAccounts;
import dev.vlmconsole.api.services.WorkspaceStatus;
import dev.vlmconsole.app.audit.AuditLogService;
import dev.vlmconsole.app.modules.CoreModule;
import dev.vlmconsole.app.operators.OperatorPeople;
import dev.vlmconsole.app.operators.OperatorWorkspaces;
import dev.vlmconsole.app.operators.SupportSessions;
import dev.vlmconsole.app.operators.Suspensions;
import dev.vlmconsole.app.sso.DomainClaims;
import dev.vlmconsole.app.sso.GroupRoleMappings;
import dev.vlmconsole.app.support.ProbeModule;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.invoices.BillingOperations.RequestStatus;
import dev.vlmconsole.billing.ledger.JooqLedger;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.billing.operators.CreditAdjustments;
import dev.vlmconsole.billing.operators.OperatorBilling;
import dev.vlmconsole.billing.operators.SalesDesk;
import dev.vlmconsole.billing.operators.ui.SalesRequestsView;
import dev.vlmconsole.billing.plans.EnterpriseTerms;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.billing.plans.Subscriptions;
import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.KeysModule;
import dev.vlmconsole.keys.platform.PlatformKeyService;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.team.TeamModule;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * The permission matrix: every role tries every action of the keys, audit log, members and team
 * areas, as a person through the service (the console's acting context) and, where the machine API
 * has the action, as that person's admin key over HTTP. What each cell must meet is derived from the
 * module descriptors in the running console (who a {@link Permission} is granted to, and which
 * permissions admin keys may use), never written down here: a row says only which permissions its
 * action needs and how the console refuses when one is missing. A refused change changes nothing; an
 * allowed one is made.
 *
 * <p>Every permission a descriptor declares needs at least one row, and a row may only name declared
 * permissions, so a module that adds a permission without a row here fails the build. How to add a
 * row: {@code docs/module-api-1.2/permission-matrix.md}.
 *
 * <p>Each cell runs in a workspace of its own: an Owner, the acting member with the cell's role (a
 * second Owner in the Owner cells), another Member, and an inference key of each of the two last.
 */
class PermissionMatrixTest extends AccessTest {

    private static final String ADMIN_SCOPE = ApiKeyPrincipal.SCOPE_ADMIN;
    private static final Set<Invitations.Status> EVERY_STATUS = EnumSet.allOf(Invitations.Status.class);

    @Autowired
    ApplicationContext spring;

    @Autowired
    PlatformKeyService platformKeys;

    @Autowired
    PlatformKeyAuthenticator platformKeyAuthenticator;

    @Autowired
    Suspensions suspensions;

    @Autowired
    SupportSessions supportSessions;

    @Autowired
    WorkspaceStatus workspaceStatus;

    @Autowired
    OperatorWorkspaces operatorWorkspaces;

    @Autowired
    OperatorPeople operatorPeople;

    @Autowired
    DomainClaims domainClaims;

    @Autowired
    GroupRoleMappings groupRoleMappings;

    // ------------------------------------------------------------------------------------- the matrix

    /** One row per action; {@link Row#needs} lists the permissions in the order the console checks them. */
    private List<Row> rows() {
        return List.of(
                // ---- API keys (module-keys)
                row("list the workspace's keys")
                        .needs(KeysModule.READ)
                        .service(s -> keyList())
                        .api(200, (s, key) -> api().get("/api/v1/keys", key)),
                row("see one's own key")
                        .needs(KeysModule.READ)
                        .service(s -> keys.get(s.actorKey))
                        .api(200, (s, key) -> api().get("/api/v1/keys/" + s.actorKey, key)),
                row("see one's own key's usage").needs(KeysModule.READ).service(s -> keys.usage(s.actorKey, 30)),
                row("see one's own key's history").needs(KeysModule.READ).service(s -> keys.history(s.actorKey)),
                row("see another member's key")
                        .needs(KeysModule.READ)
                        .hiddenWithout(KeysModule.READ_ALL)
                        .service(s -> keys.get(s.memberKey))
                        .api(200, (s, key) -> api().get("/api/v1/keys/" + s.memberKey, key)),
                row("find another member's key in the list")
                        .needs(KeysModule.READ)
                        .hiddenWithout(KeysModule.READ_ALL)
                        .serviceSees(s ->
                                keyList().stream().anyMatch(r -> r.key().id().equals(s.memberKey)))
                        .apiSees((s, key) -> api().get("/api/v1/keys?limit=1000", key), s -> s.memberKey),
                row("create an inference key")
                        .needs(KeysModule.MANAGE_OWN)
                        .service(s -> keys.create(new KeyService.NewKey(s.newKeyName(), null, null, "inference")))
                        .api(201, (s, key) -> api().post("/api/v1/keys", key, Map.of("name", s.newKeyName())))
                        .done(s -> keyNamed(s, s.newKeyName())),
                row("create an admin key")
                        .needs(KeysModule.MANAGE_OWN, KeysModule.ADMIN_SCOPE)
                        .service(s -> keys.create(new KeyService.NewKey(s.newKeyName(), null, null, "admin")))
                        .api(
                                201,
                                (s, key) -> api().post(
                                                "/api/v1/keys", key, Map.of("name", s.newKeyName(), "scope", "admin")))
                        .done(s -> keyNamed(s, s.newKeyName())),
                row("revoke one's own key")
                        .needs(KeysModule.MANAGE_OWN)
                        .service(s -> keys.revoke(s.actorKey))
                        .api(204, (s, key) -> api().delete("/api/v1/keys/" + s.actorKey, key))
                        .done(s -> keyRow(s.actorKey).getRevokedAt() != null),
                row("roll one's own key")
                        .needs(KeysModule.MANAGE_OWN)
                        .service(s -> keys.roll(s.actorKey, Duration.ofHours(1)))
                        .api(
                                200,
                                (s, key) -> api().post(
                                                "/api/v1/keys/" + s.actorKey + "/roll",
                                                key,
                                                Map.of("gracePeriodSeconds", 3600)))
                        .done(s -> secretsOf(s.actorKey) > 1),
                row("rename one's own key")
                        .needs(KeysModule.MANAGE_OWN)
                        .service(s -> keys.rename(s.actorKey, s.newKeyName()))
                        .done(s -> keyRow(s.actorKey).getName().equals(s.newKeyName())),
                row("set one's own key's expiry")
                        .needs(KeysModule.MANAGE_OWN)
                        .service(s -> keys.setExpiry(s.actorKey, Instant.now().plus(Duration.ofDays(30))))
                        .done(s -> keyRow(s.actorKey).getExpiresAt() != null),
                row("revoke another member's key")
                        .needs(KeysModule.MANAGE_OWN, KeysModule.MANAGE_ALL)
                        .service(s -> keys.revoke(s.memberKey))
                        .api(204, (s, key) -> api().delete("/api/v1/keys/" + s.memberKey, key))
                        .done(s -> keyRow(s.memberKey).getRevokedAt() != null),
                row("roll another member's key")
                        .needs(KeysModule.MANAGE_OWN, KeysModule.MANAGE_ALL)
                        .service(s -> keys.roll(s.memberKey, Duration.ofHours(1)))
                        .api(
                                200,
                                (s, key) -> api().post(
                                                "/api/v1/keys/" + s.memberKey + "/roll",
                                                key,
                                                Map.of("gracePeriodSeconds", 3600)))
                        .done(s -> secretsOf(s.memberKey) > 1),
                row("rename another member's key")
                        .needs(KeysModule.MANAGE_OWN, KeysModule.MANAGE_ALL)
                        .service(s -> keys.rename(s.memberKey, s.newKeyName()))
                        .done(s -> keyRow(s.memberKey).getName().equals(s.newKeyName())),

                // ---- audit log (console core)
                row("read the audit log")
                        .needs(CoreModule.AUDIT_READ)
                        .service(s -> auditLog.find(AuditLogService.Filter.ALL, 0, 50)),
                row("export the audit log")
                        .needs(CoreModule.AUDIT_READ)
                        .service(s -> auditLog.exportCsv(AuditLogService.Filter.ALL, new StringWriter())),
                row("export the audit log as JSON Lines")
                        .needs(CoreModule.AUDIT_READ)
                        .service(s -> auditLog.exportJsonLines(
                                AuditLogService.Scope.WORKSPACE, AuditLogService.Filter.ALL, new StringWriter())),
                row("verify the audit log's integrity")
                        .needs(CoreModule.AUDIT_READ)
                        .service(s -> auditLog.verify(AuditLogService.Scope.WORKSPACE))
                        .api(200, (s, key) -> api().get("/api/v1/audit/verify", key)),

                // ---- members (console core's Memberships; the machine API is the team module's)
                row("add an existing person as a Member")
                        .needs(Memberships.MANAGE)
                        .given(s -> s.outsider = newUser())
                        .service(s -> memberships.add(s.outsider.id(), Role.MEMBER))
                        .done(s -> roleOf(s.workspace, s.outsider).isPresent()),
                row("make a Member a Viewer")
                        .needs(Memberships.MANAGE)
                        .service(s -> memberships.changeRole(s.member.id(), Role.VIEWER))
                        .teamApi(
                                200,
                                (s, key) -> api().patch(
                                                "/api/v1/members/" + s.member.id(),
                                                key,
                                                Map.of("role", Role.VIEWER.name())))
                        .done(s -> roleOf(s.workspace, s.member).orElseThrow() == Role.VIEWER),
                row("remove a Member")
                        .needs(Memberships.MANAGE)
                        .service(s -> memberships.remove(s.member.id()))
                        .teamApi(204, (s, key) -> api().delete("/api/v1/members/" + s.member.id(), key))
                        .done(s -> roleOf(s.workspace, s.member).isEmpty()),
                row("make a Member an Owner")
                        .needs(Memberships.MANAGE, Memberships.MANAGE_OWNERS)
                        .service(s -> memberships.changeRole(s.member.id(), Role.OWNER))
                        .teamApi(
                                200,
                                (s, key) -> api().patch(
                                                "/api/v1/members/" + s.member.id(),
                                                key,
                                                Map.of("role", Role.OWNER.name())))
                        .done(s -> roleOf(s.workspace, s.member).orElseThrow() == Role.OWNER),
                row("make an Owner an Admin")
                        .needs(Memberships.MANAGE, Memberships.MANAGE_OWNERS)
                        .service(s -> memberships.changeRole(s.owner.id(), Role.ADMIN))
                        .teamApi(
                                200,
                                (s, key) -> api().patch(
                                                "/api/v1/members/" + s.owner.id(),
                                                key,
                                                Map.of("role", Role.ADMIN.name())))
                        .done(s -> roleOf(s.workspace, s.owner).orElseThrow() == Role.ADMIN),
                row("remove an Owner")
                        .needs(Memberships.MANAGE, Memberships.MANAGE_OWNERS)
                        .service(s -> memberships.remove(s.owner.id()))
                        .teamApi(204, (s, key) -> api().delete("/api/v1/members/" + s.owner.id(), key))
                        .done(s -> roleOf(s.workspace, s.owner).isEmpty()),
                row("transfer ownership to a Member")
                        .needs(Memberships.MANAGE, Memberships.MANAGE_OWNERS)
                        .service(s -> memberships.transferOwnership(s.member.id()))
                        .done(s -> roleOf(s.workspace, s.member).orElseThrow() == Role.OWNER),

                // ---- team (module-team: the Invitations service and the machine API)
                row("list the members")
                        .needs(TeamModule.READ)
                        .teamApiSees((s, key) -> api().get("/api/v1/members", key), s -> s.member.id()),
                row("list the invitations")
                        .needs(TeamModule.READ)
                        .given(this::invitation)
                        .teamServiceSees(s -> invitations().list(EVERY_STATUS).stream()
                                .anyMatch(i -> i.id().equals(s.invitation.id())))
                        .teamApiSees(
                                (s, key) -> api().get("/api/v1/invitations?status=pending", key),
                                s -> s.invitation.id()),
                row("see an invitation")
                        .needs(TeamModule.READ)
                        .given(this::invitation)
                        .teamServiceSees(
                                s -> invitations().find(s.invitation.id()).isPresent()),
                row("invite a Member")
                        .needs(TeamModule.MANAGE)
                        .teamService(s -> invitations().invite(s.inviteeEmail(), Role.MEMBER))
                        .teamApi(
                                201,
                                (s, key) -> api().post(
                                                "/api/v1/invitations",
                                                key,
                                                Map.of("email", s.inviteeEmail(), "role", Role.MEMBER.name())))
                        .done(s -> invited(s, s.inviteeEmail())),
                row("invite an Owner")
                        .needs(TeamModule.MANAGE, Memberships.MANAGE_OWNERS)
                        .teamService(s -> invitations().invite(s.inviteeEmail(), Role.OWNER))
                        .teamApi(
                                201,
                                (s, key) -> api().post(
                                                "/api/v1/invitations",
                                                key,
                                                Map.of("email", s.inviteeEmail(), "role", Role.OWNER.name())))
                        .done(s -> invited(s, s.inviteeEmail())),
                row("resend an invitation")
                        .needs(TeamModule.MANAGE)
                        .given(this::invitation)
                        .teamService(s -> invitations().resend(s.invitation.id()))
                        .teamApi(
                                200,
                                (s, key) -> api().post(
                                                "/api/v1/invitations/" + s.invitation.id() + "/resend", key, Map.of()))
                        .done(this::renewed),
                row("revoke an invitation")
                        .needs(TeamModule.MANAGE)
                        .given(this::invitation)
                        .teamService(s -> invitations().revoke(s.invitation.id()))
                        .teamApi(204, (s, key) -> api().delete("/api/v1/invitations/" + s.invitation.id(), key))
                        .done(s -> statusOf(s, s.invitation.id()) == Invitations.Status.REVOKED),
                row("limit invitations to allowed domains")
                        .needs(TeamModule.MANAGE, Memberships.MANAGE_OWNERS)
                        .teamService(s -> invitations().setAllowedDomains(List.of("example.test")))
                        .done(s -> as(s.owner, s.workspace, () -> invitations().allowedDomains())
                                .contains("example.test")),

                // ---- single sign-on settings (console core, DD035): Owners change, Owners and Admins read;
                // operators decide on domain claims (DomainClaimsTests shows operators allowed)
                row("see the workspace's email domains")
                        .needs(CoreModule.SSO_READ)
                        .service(s -> domainClaims.ofCurrentWorkspace()),
                row("see the workspace's group mapping")
                        .needs(CoreModule.SSO_READ)
                        .service(s -> groupRoleMappings.ofCurrentWorkspace()),
                row("claim an email domain")
                        .needs(DomainClaims.SETTINGS)
                        .service(s -> domainClaims.request(s.claimedDomain(), Role.MEMBER))
                        .done(s -> as(s.owner, s.workspace, () -> domainClaims.ofCurrentWorkspace()).stream()
                                .anyMatch(c -> c.domain().equals(s.claimedDomain()))),
                row("map an identity-provider group to a role")
                        .needs(DomainClaims.SETTINGS)
                        .service(s -> groupRoleMappings.put("matrix", Role.ADMIN))
                        .done(s -> groupRoleMappings
                                .roleFor(s.workspace.id(), List.of("matrix"))
                                .isPresent()),
                row("list the install's pending domain claims")
                        .needs(Permissions.OPERATOR)
                        .service(s -> domainClaims.pending()),

                // ---- platform keys (module-keys, operators only): no role holds Permissions.OPERATOR, so every
                // member (an Owner too) is refused; that operators are allowed: PlatformKeysTest,
                // OperatorPermissionTest
                row("list the install's platform keys")
                        .needs(Permissions.OPERATOR)
                        .service(s -> platformKeys.list()),
                row("create a platform key")
                        .needs(Permissions.OPERATOR)
                        .service(s -> platformKeys.create(s.newKeyName(), Set.of(PlatformKeyPrincipal.SCOPE_USAGE)))
                        .done(s -> platformKeyNamed(s.newKeyName())),
                row("revoke a platform key")
                        .needs(Permissions.OPERATOR)
                        .given(s -> s.platformKey = platformKey())
                        .service(s -> platformKeys.revoke(s.platformKey))
                        .done(s -> platformKeyRevoked(s.platformKey)),

                // ---- suspension and support sessions (console core, operators only): every member is refused, and
                // every admin key on the operators' API (platform keys of scope operator only); that operators are
                // allowed: SuspendedWorkspaceTest, SupportSessionsTest
                row("suspend a workspace")
                        .needs(Permissions.OPERATOR)
                        .service(s -> suspensions.suspend(s.workspace.id(), "matrix"))
                        .api(
                                200,
                                (s, key) -> api().post(
                                                "/api/v1/operator/workspaces/" + s.workspace.id() + "/suspend",
                                                key,
                                                Map.of("reason", "matrix")))
                        .done(s -> workspaceStatus.isSuspended(s.workspace.id())),
                row("resume a workspace")
                        .needs(Permissions.OPERATOR)
                        .given(s -> suspendedByAnOperator(s.workspace))
                        .service(s -> suspensions.resume(s.workspace.id(), "matrix"))
                        .api(
                                200,
                                (s, key) -> api().post(
                                                "/api/v1/operator/workspaces/" + s.workspace.id() + "/resume",
                                                key,
                                                Map.of("reason", "matrix")))
                        .done(s -> !workspaceStatus.isSuspended(s.workspace.id())),
                row("open a workspace as support")
                        .needs(Permissions.OPERATOR)
                        .service(s -> supportSessions.open(s.workspace.id(), "matrix"))
                        .done(s -> supportOpened(s.workspace)),
                // ---- the Operators area (console core, operators only; over the API only platform keys of scope
                // operator, so a member's admin key is refused too): OperatorWorkspacesTest, OperatorPeopleTest,
                // OperatorWorkspacesApiTest show operators allowed
                row("list every workspace of the install")
                        .needs(Permissions.OPERATOR)
                        .service(s -> operatorWorkspaces.list(
                                OperatorWorkspaces.Search.EVERY, OperatorWorkspaces.Sort.NAME, false, 0, 10))
                        .api(200, (s, key) -> api().get("/api/v1/operator/workspaces", key)),
                row("see one workspace as an operator")
                        .needs(Permissions.OPERATOR)
                        .service(s -> operatorWorkspaces.detail(s.workspace.id()))
                        .api(200, (s, key) -> api().get("/api/v1/operator/workspaces/" + s.workspace.id(), key)),
                row("list the install's operators").needs(Permissions.OPERATOR).service(s -> operatorPeople.list()),
                row("make a person an operator")
                        .needs(Permissions.OPERATOR)
                        .given(s -> s.outsider = newUser())
                        .service(s -> operatorPeople.grant(s.outsider.email(), "matrix"))
                        .done(s -> isOperator(s.outsider)),
                row("withdraw an operator's flag")
                        .needs(Permissions.OPERATOR)
                        .given(s -> s.outsider = newOperator())
                        .service(s -> operatorPeople.withdraw(s.outsider.id(), "matrix"))
                        .done(s -> !isOperator(s.outsider)),

                // ---- billing (module-billing: its page and card, its services, the machine API)
                row("open the Billing page")
                        .needs(BillingModule.READ)
                        .billing()
                        .service(s -> enterPage(BillingModule.ID, BillingModule.PATH)),
                row("see the Billing card on the dashboard")
                        .needs(BillingModule.READ)
                        .billing()
                        .service(s -> seeCards(BillingModule.ID)),
                row("see the plan, cycle, balance and limit")
                        .needs(BillingModule.READ)
                        .billing()
                        .service(s -> subscriptions().account())
                        .api(200, (s, key) -> api().get("/api/v1/billing", key)),
                row("compare the plans")
                        .needs(BillingModule.READ)
                        .billing()
                        .service(s -> subscriptions().quotes()),
                row("see the keys' credit budgets")
                        .needs(BillingModule.READ)
                        .billing()
                        .service(s -> subscriptions().budgets()),
                row("see the top-up packs")
                        .needs(BillingModule.READ)
                        .billing()
                        .service(s -> topUps().packs())
                        .api(200, (s, key) -> api().get("/api/v1/billing/packs", key)),
                row("see daily usage")
                        .needs(BillingModule.READ)
                        .billing()
                        .service(s -> usageReports().daily(today().minusDays(29), today(), null, null))
                        .api(200, (s, key) -> api().get("/api/v1/usage/daily", key)),
                row("see one key's daily usage")
                        .needs(BillingModule.READ)
                        .billing()
                        .service(s -> usageReports().daily(today().minusDays(6), today(), s.memberKey, null))
                        .api(200, (s, key) -> api().get("/api/v1/usage/daily?keyId=" + s.memberKey, key)),
                row("export daily usage as CSV")
                        .needs(BillingModule.READ)
                        .billing()
                        .service(s -> usageReports().csv(today().minusDays(29), today(), null, null)),
                row("list the projects of the usage chart")
                        .needs(BillingModule.READ)
                        .billing()
                        .service(s -> usageReports().projects()),
                row("list the invoices")
                        .needs(BillingModule.READ)
                        .billing()
                        .given(s -> s.invoice = issueInvoice(s.workspace).id())
                        .serviceSees(s -> invoices().list().stream().anyMatch(i -> i.id().equals(s.invoice)))
                        .apiSees((s, key) -> api().get("/api/v1/invoices", key), s -> s.invoice),
                row("see an invoice")
                        .needs(BillingModule.READ)
                        .billing()
                        .given(s -> s.invoice = issueInvoice(s.workspace).id())
                        .service(s -> invoices().get(s.invoice))
                        .api(200, (s, key) -> api().get("/api/v1/invoices/" + s.invoice, key)),
                row("download an invoice as PDF")
                        .needs(BillingModule.READ)
                        .billing()
                        .given(s -> s.invoice = issueInvoice(s.workspace).id())
                        .service(s -> invoices().pdf(s.invoice))
                        .api(200, (s, key) -> api().get("/api/v1/invoices/" + s.invoice + "/pdf", key)),
                row("see the billing profile")
                        .needs(BillingModule.READ)
                        .billing()
                        .service(s -> billingProfiles().profile()),
                row("upgrade to Pro")
                        .needs(BillingModule.MANAGE)
                        .billing()
                        .service(s -> subscriptions().changePlan(Plan.PRO))
                        .api(200, (s, key) -> api().put("/api/v1/billing/plan", key, Map.of("plan", Plan.PRO)))
                        .done(s -> billingOf(s).plan().id().equals(Plan.PRO)),
                row("schedule a downgrade to Pay-as-you-go")
                        .needs(BillingModule.MANAGE)
                        .billing()
                        .given(s ->
                                as(s.owner, s.workspace, () -> subscriptions().changePlan(Plan.PRO)))
                        .service(s -> subscriptions().changePlan(Plan.PAYG))
                        .api(200, (s, key) -> api().put("/api/v1/billing/plan", key, Map.of("plan", Plan.PAYG)))
                        .done(s -> billingOf(s).scheduledPlan() != null),
                row("cancel a scheduled downgrade")
                        .needs(BillingModule.MANAGE)
                        .billing()
                        .given(s -> as(s.owner, s.workspace, () -> {
                            subscriptions().changePlan(Plan.PRO);
                            return subscriptions().changePlan(Plan.PAYG);
                        }))
                        .service(s -> subscriptions().cancelScheduledChange())
                        .api(200, (s, key) -> api().delete("/api/v1/billing/plan/scheduled", key))
                        .done(s -> billingOf(s).scheduledPlan() == null),
                row("set a hard spending limit")
                        .needs(BillingModule.MANAGE)
                        .billing()
                        .service(s -> subscriptions().setLimit(new BigDecimal("123"), true, List.of(50, 80, 100)))
                        .api(
                                200,
                                (s, key) ->
                                        api().put("/api/v1/billing/limit", key, Map.of("amount", "123", "hard", true)))
                        .done(s -> billingOf(s).hardLimit()),
                row("set a key's credit budget")
                        .needs(BillingModule.MANAGE)
                        .billing()
                        .service(s -> subscriptions().setBudget(s.memberKey, new BigDecimal("500")))
                        .done(s -> as(
                                        s.owner,
                                        s.workspace,
                                        () -> subscriptions().budgets())
                                .stream()
                                .anyMatch(b -> b.keyId().equals(s.memberKey) && b.monthlyCredits() != null)),
                row("buy a top-up pack")
                        .needs(BillingModule.MANAGE)
                        .billing()
                        .service(s -> topUps().buy(firstPack(), null))
                        .api(201, (s, key) -> api().post("/api/v1/billing/top-ups", key, Map.of("pack", firstPack())))
                        .done(s -> billingOf(s).balance().topUps().signum() > 0),
                row("save the billing profile")
                        .needs(BillingModule.MANAGE)
                        .billing()
                        .service(s -> billingProfiles().save("Matrix Ltd", "1 Main Street", "", ""))
                        .done(s -> as(
                                        s.owner,
                                        s.workspace,
                                        () -> billingProfiles().profile())
                                .companyName()
                                .equals("Matrix Ltd")),
                row("ask sales for Enterprise")
                        .needs(BillingModule.MANAGE)
                        .billing()
                        .service(s -> billingProfiles().contactSales("We need in-VPC deployment.")),

                // ---- billing's operator tools (module-billing, operators only): no role holds
                // Permissions.OPERATOR, so every member (an Owner too) and every admin key is refused; that
                // operators and operator platform keys are allowed: module-billing's operators tests
                row("open the Sales requests page")
                        .needs(Permissions.OPERATOR)
                        .billing()
                        .service(s -> enterPage(BillingModule.ID, SalesRequestsView.PATH)),
                row("see a workspace's billing as an operator")
                        .needs(Permissions.OPERATOR)
                        .billing()
                        .service(s -> operatorBilling().overview(s.workspace.id())),
                row("see every workspace's plan, balance and usage")
                        .needs(Permissions.OPERATOR)
                        .billing()
                        .service(s -> spring.getBean(WorkspaceAccounts.class).allSummaries()),
                row("adjust a workspace's credits")
                        .needs(Permissions.OPERATOR)
                        .billing()
                        .service(s -> spring.getBean(CreditAdjustments.class)
                                .adjust(s.workspace.id(), new BigDecimal("10"), "Matrix"))
                        .api(
                                201,
                                (s, key) -> api().post(
                                                "/api/v1/operator/workspaces/" + s.workspace.id() + "/credits",
                                                key,
                                                Map.of("credits", 10, "reason", "Matrix")))
                        .done(this::adjusted),
                row("set a workspace's Enterprise terms")
                        .needs(Permissions.OPERATOR)
                        .billing()
                        .service(s -> operatorBilling()
                                .setEnterpriseTerms(
                                        s.workspace.id(),
                                        new EnterpriseTerms.Terms(
                                                new BigDecimal("4000"),
                                                new BigDecimal("500000"),
                                                new BigDecimal("0.005"),
                                                List.of(),
                                                600,
                                                Duration.ofMinutes(1)),
                                        "Matrix"))
                        .done(s -> billingOf(s).plan().id().equals(Plan.ENTERPRISE)),
                row("mark an invoice paid")
                        .needs(Permissions.OPERATOR)
                        .billing()
                        .given(s -> s.invoice = issueInvoice(s.workspace).id())
                        .service(s -> operatorBilling().markPaid(s.workspace.id(), s.invoice, "Matrix transfer")),
                row("set a workspace's tax rate")
                        .needs(Permissions.OPERATOR)
                        .billing()
                        .service(s -> operatorBilling().setTaxRate(s.workspace.id(), new BigDecimal("19"), "Matrix")),
                row("list the sales requests")
                        .needs(Permissions.OPERATOR)
                        .billing()
                        .service(s -> spring.getBean(SalesDesk.class).requests(RequestStatus.OPEN)));
    }

    // ------------------------------------------------------------------ coverage: no permission without a row

    @Test
    void every_permission_a_module_declares_has_a_row() {
        Set<String> covered = rows().stream()
                .flatMap(r -> r.needs.stream().map(Need::permission))
                .collect(Collectors.toSet());

        assertThat(new TreeSet<>(declared().keySet()))
                .filteredOn(p -> !covered.contains(p))
                .as(
                        "permissions without a row in PermissionMatrixTest.rows(): add one (docs/module-api-1.2/permission-matrix.md)")
                .isEmpty();
    }

    @Test
    void every_row_names_only_permissions_a_module_declares() {
        assertThat(rows().stream()
                        .flatMap(r -> r.needs.stream()
                                .filter(n -> !declared().containsKey(n.permission()))
                                // held by the console's operators, by no role: refused in every cell
                                .filter(n -> !n.permission().equals(Permissions.OPERATOR))
                                .map(n -> r.action + " needs " + n.permission())))
                .as("rows naming a permission no installed module declares")
                .isEmpty();
    }

    // -------------------------------------------------------------------------------------- the cells

    @TestFactory
    Stream<DynamicNode> every_role_tries_every_action_in_the_console_and_over_the_api() {
        return rows().stream()
                .map(row -> row.unenforced ? unenforcedCell(row) : dynamicContainer(row.title(), cells(row)));
    }

    private Stream<DynamicTest> cells(Row row) {
        List<DynamicTest> cells = new ArrayList<>();
        for (Role role : Role.values()) {
            if (row.service != null) {
                Outcome expected = expected(row, role, false);
                cells.add(dynamicTest(
                        role.label() + " in the console: " + describe(expected),
                        () -> serviceCell(row, role, expected)));
            }
            if (row.api != null) {
                Outcome expected = expected(row, role, true);
                cells.add(dynamicTest(
                        role.label() + "'s admin key on the API: " + describe(expected),
                        () -> apiCell(row, role, expected)));
            }
        }
        return cells.stream();
    }

    private void serviceCell(Row row, Role role, Outcome expected) {
        if (row.serviceOfTeam) {
            requireTeamModule();
        }
        if (row.ofBilling) {
            requireBilling();
        }
        Scene s = new Scene(role);
        row.given.accept(s);
        actAs(s.actor, s.workspace);
        Outcome actual;
        try {
            actual = outcomeOf(() -> row.service.apply(s));
        } finally {
            freshRequest();
        }
        assertThat(actual).as(role + ": " + row.action).isEqualTo(expected);
        assertDone(row, s, expected);
    }

    private void apiCell(Row row, Role role, Outcome expected) {
        if (row.apiOfTeam) {
            requireTeamModule();
        }
        if (row.ofBilling) {
            requireBilling();
        }
        Scene s = new Scene(role);
        row.given.accept(s);
        String key = adminKeyOf(s.workspace, s.actor);
        freshRequest();
        assertThat(row.api.apply(s, key))
                .as(role + "'s admin key: " + row.action)
                .isEqualTo(expected);
        assertDone(row, s, expected);
    }

    private static void assertDone(Row row, Scene s, Outcome expected) {
        if (row.done != null) {
            boolean allowed = expected == Outcome.ALLOWED;
            assertThat(row.done.test(s))
                    .as(allowed ? "the change was made" : "nothing changed")
                    .isEqualTo(allowed);
        }
    }

    /**
     * A permission nothing enforces yet (its module has no service, page or API): one cell that holds
     * while that is so, and fails, asking for rows, once the module contributes anything that could.
     */
    private DynamicTest unenforcedCell(Row row) {
        String permission = row.needs.getFirst().permission();
        return dynamicTest(row.title(), () -> {
            ConsoleModule module = registry.modules().stream()
                    .filter(m -> m.permissions().stream().anyMatch(p -> p.key().equals(permission)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(permission + " is declared by no module"));
            String why = permission + " is no longer unenforced (module " + module.id()
                    + " has something to try now): replace its notEnforcedYet row with real rows";
            assertThat(module.navigation()).as(why).isEmpty();
            assertThat(module.dashboardCards()).as(why).isEmpty();
            assertThat(module.publicApiPaths()).as(why).isEmpty();
            assertThat(module.keyScopePermissions()).as(why).isEmpty();
            String ownPackage = module.getClass().getPackageName();
            assertThat(Stream.of(spring.getBeanDefinitionNames())
                            .map(spring::getType)
                            .filter(type -> type != null)
                            .map(ClassUtils::getUserClass)
                            .filter(type -> type.getPackageName().startsWith(ownPackage))
                            .filter(type -> !ConsoleModule.class.isAssignableFrom(type))
                            .filter(type -> !type.isAnnotationPresent(AutoConfiguration.class)
                                    && !type.isAnnotationPresent(Configuration.class)))
                    .as(why + "; its beans")
                    .isEmpty();
        });
    }

    // ---------------------------------------------------------------- what the descriptors say

    /** Every permission the installed modules declare, by key (the tests' own probe module aside). */
    private Map<String, Permission> declared() {
        Map<String, Permission> all = new LinkedHashMap<>();
        for (ConsoleModule m : registry.modules()) {
            if (m instanceof ProbeModule) {
                continue; // a test fixture of the layout tests, never shipped
            }
            m.permissions().forEach(p -> all.put(p.key(), p));
        }
        return all;
    }

    /** Whether admin keys may use {@code permission}, as some descriptor's key-scope allow-list says. */
    private boolean adminKeysMayUse(String permission) {
        return registry.modules().stream()
                .anyMatch(m -> m.keyScopePermissions()
                        .getOrDefault(ADMIN_SCOPE, Set.of())
                        .contains(permission));
    }

    /**
     * What {@code role} meets: refused as the first missing permission says, else allowed. A key holds a
     * permission only when its owner's role does and admin keys may use it.
     */
    private Outcome expected(Row row, Role role, boolean byAdminKey) {
        for (Need need : row.needs) {
            Permission p = declared().get(need.permission());
            boolean held = p != null && p.isGrantedTo(role) && (!byAdminKey || adminKeysMayUse(need.permission()));
            if (!held) {
                return need.whenMissing();
            }
        }
        return Outcome.ALLOWED;
    }

    private static String describe(Outcome outcome) {
        return switch (outcome) {
            case ALLOWED -> "allowed";
            case DENIED -> "denied";
            case HIDDEN -> "not found";
        };
    }

    // ------------------------------------------------------------------- checks of what happened

    private boolean keyNamed(Scene s, String name) {
        return tx.execute(s2 -> db.fetchExists(
                API_KEYS, API_KEYS.WORKSPACE_ID.eq(s.workspace.id()).and(API_KEYS.NAME.eq(name))));
    }

    private boolean invited(Scene s, String email) {
        return as(s.owner, s.workspace, () -> invitations().list(EVERY_STATUS)).stream()
                .anyMatch(i -> i.email().equalsIgnoreCase(email));
    }

    private Invitations.Status statusOf(Scene s, UUID invitationId) {
        return as(s.owner, s.workspace, () -> invitations().find(invitationId))
                .orElseThrow()
                .status();
    }

    /**
     * A resend ends the old link (the test console sends no mail, so the Owner was shown it); should a
     * mail server be configured, the new expiry shows it instead.
     */
    private boolean renewed(Scene s) {
        if (s.invitation.token() != null) {
            return invitations().open(s.invitation.token()) instanceof Invitations.Link.Closed;
        }
        return as(s.owner, s.workspace, () -> invitations().find(s.invitation.id()))
                .orElseThrow()
                .expiresAt()
                .isAfter(s.invitation.expiresAt());
    }

    private boolean isOperator(TestUser user) {
        return tx.execute(s -> userRepository.findById(user.id()).orElseThrow().operator());
    }

    private boolean platformKeyNamed(String name) {
        return tx.execute(s -> db.fetchExists(PLATFORM_KEYS, PLATFORM_KEYS.NAME.eq(name)));
    }

    private boolean platformKeyRevoked(UUID id) {
        return tx.execute(
                s -> db.fetchExists(PLATFORM_KEYS, PLATFORM_KEYS.ID.eq(id).and(PLATFORM_KEYS.REVOKED_AT.isNotNull())));
    }

    /** Suspends {@code workspace} as an operator would, then leaves nobody signed in. */
    private void suspendedByAnOperator(Workspace workspace) {
        freshRequest();
        login(newOperator());
        try {
            suspensions.suspend(workspace.id(), "matrix: to be resumed");
        } finally {
            freshRequest();
        }
    }

    private boolean supportOpened(Workspace workspace) {
        return tx.execute(s -> db.fetchExists(
                AUDIT_LOG, AUDIT_LOG.WORKSPACE_ID.eq(workspace.id()).and(AUDIT_LOG.ACTION.eq("core.support.opened"))));
    }

    /** A platform key to try revoking, installed as first run installs the bootstrap one (no operator needed). */
    private UUID platformKey() {
        String secret = keyFormat.generatePlatform();
        platformKeys.install(secret, "matrix");
        return platformKeyAuthenticator.authenticate(secret).orElseThrow().keyId();
    }

    /** The workspace's keys as the acting context sees them. */
    private List<KeyService.KeyRow> keyList() {
        return keys.list(KeyRepository.Filter.ALL, KeyRepository.SortBy.CREATED, false, 0, 1000);
    }

    /** The workspace's billing state, as its Owner sees it. */
    private Subscriptions.Account billingOf(Scene s) {
        return as(s.owner, s.workspace, () -> subscriptions().account());
    }

    /** Today in the billing time zone. */
    private LocalDate today() {
        return LocalDate.now(spring.getBean(BillingProperties.class).timeZone());
    }

    /** The smallest pack on offer. */
    private String firstPack() {
        return spring.getBean(BillingProperties.class).packs().getFirst().id();
    }

    /**
     * Entering one page of a module: what the console's route guard checks ({@code ModuleRoutes}), the
     * permission its navigation entry requires.
     */
    private void enterPage(String moduleId, String path) {
        NavigationEntry page = moduleNamed(moduleId).navigation().stream()
                .filter(p -> p.path().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError(moduleId + " has no page " + path));
        registryContext().require(page.requiredPermission());
    }

    /** Whether the workspace's ledger has an operator's adjustment this cycle. */
    private boolean adjusted(Scene s) {
        JooqLedger ledger = spring.getBean(JooqLedger.class);
        return ledger.entries(s.workspace.id(), ledger.balance(s.workspace.id()).cycleStart()).stream()
                .anyMatch(e -> e.kind() == Ledger.Kind.ADJUSTMENT);
    }

    /** The billing module's operator service of a workspace's Billing section. */
    private OperatorBilling operatorBilling() {
        return spring.getBean(OperatorBilling.class);
    }

    /** Seeing a module's dashboard cards: what the dashboard checks before it shows each one. */
    private void seeCards(String moduleId) {
        List<DashboardCard> cards = moduleNamed(moduleId).dashboardCards();
        assertThat(cards).as(moduleId + "'s cards").isNotEmpty();
        cards.forEach(card -> registryContext().require(card.requiredPermission()));
    }

    private ConsoleModule moduleNamed(String id) {
        return registry.modules().stream()
                .filter(m -> m.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no module " + id));
    }

    private ConsoleContext registryContext() {
        return spring.getBean(ConsoleContext.class);
    }

    private void invitation(Scene s) {
        s.invitation = invite(s.owner, s.workspace, Role.MEMBER);
    }

    // ------------------------------------------------------------------------------ rows and cells

    /** One cell's workspace; see the class comment. */
    final class Scene {
        final Workspace workspace = newWorkspace();
        final TestUser owner = newMember(workspace, Role.OWNER);
        final TestUser actor;
        final TestUser member = newMember(workspace, Role.MEMBER);
        final UUID actorKey;
        final UUID memberKey;
        private final String tag = unique();
        TestUser outsider;
        SentInvitation invitation;
        UUID invoice;
        UUID platformKey;

        Scene(Role role) {
            actor = newMember(workspace, role);
            actorKey = keyOf(workspace, actor, "actor's key");
            memberKey = keyOf(workspace, member, "member's key");
        }

        String newKeyName() {
            return "matrix " + tag;
        }

        String claimedDomain() {
            return "matrix-" + tag + ".example";
        }

        String inviteeEmail() {
            return "invitee-" + tag + "@example.test";
        }
    }

    /** A permission an action needs, and what the actor meets without it. */
    record Need(String permission, Outcome whenMissing) {}

    private Row row(String action) {
        return new Row(action, false);
    }

    private Row notEnforcedYet(String permission) {
        return new Row("nothing enforces " + permission + " yet", true).needs(permission);
    }

    /** An action: what it needs, how it is tried in the console and on the API, and how to see it was done. */
    private final class Row {
        final String action;
        final boolean unenforced;
        final List<Need> needs = new ArrayList<>();
        Consumer<Scene> given = s -> {};

        @Nullable
        Function<Scene, Outcome> service;

        boolean serviceOfTeam;

        @Nullable
        BiFunction<Scene, String, Outcome> api;

        boolean apiOfTeam;

        /** Needs the billing module's services (its cells fail, naming them, until they are merged). */
        boolean ofBilling;

        @Nullable
        Predicate<Scene> done;

        Row(String action, boolean unenforced) {
            this.action = action;
            this.unenforced = unenforced;
        }

        String title() {
            return action + " " + needs.stream().map(Need::permission).toList();
        }

        /** Refused with a 403 / {@code PermissionDeniedException} without any of these. */
        Row needs(String... permissions) {
            for (String p : permissions) {
                needs.add(new Need(p, Outcome.DENIED));
            }
            return this;
        }

        /** Answered as not found (404, {@code NoSuchElementException}, absent from a list) without it. */
        Row hiddenWithout(String permission) {
            needs.add(new Need(permission, Outcome.HIDDEN));
            return this;
        }

        Row billing() {
            ofBilling = true;
            return this;
        }

        /** Prepares the scene as its Owner would have (before the actor signs in). */
        Row given(Consumer<Scene> preparation) {
            this.given = preparation;
            return this;
        }

        /** Allowed when it returns. */
        Row service(Consumer<Scene> attempt) {
            this.service = s -> {
                attempt.accept(s);
                return Outcome.ALLOWED;
            };
            return this;
        }

        /** Allowed when the actor sees the thing, not found when they do not. */
        Row serviceSees(Predicate<Scene> sees) {
            this.service = s -> sees.test(s) ? Outcome.ALLOWED : Outcome.HIDDEN;
            return this;
        }

        Row teamService(Consumer<Scene> attempt) {
            serviceOfTeam = true;
            return service(attempt);
        }

        Row teamServiceSees(Predicate<Scene> sees) {
            serviceOfTeam = true;
            return serviceSees(sees);
        }

        /** Allowed when the API answers {@code success}. */
        Row api(int success, BiFunction<Scene, String, MachineApi.Answer> call) {
            this.api = (s, key) -> outcomeOf(call.apply(s, key), success);
            return this;
        }

        /** Allowed when the API's 200 list names the thing, not found when it does not. */
        Row apiSees(BiFunction<Scene, String, MachineApi.Answer> call, Function<Scene, UUID> thing) {
            this.api = (s, key) -> {
                MachineApi.Answer answer = call.apply(s, key);
                Outcome outcome = outcomeOf(answer, 200);
                return outcome == Outcome.ALLOWED
                                && !answer.body().contains(thing.apply(s).toString())
                        ? Outcome.HIDDEN
                        : outcome;
            };
            return this;
        }

        Row teamApi(int success, BiFunction<Scene, String, MachineApi.Answer> call) {
            apiOfTeam = true;
            return api(success, call);
        }

        Row teamApiSees(BiFunction<Scene, String, MachineApi.Answer> call, Function<Scene, UUID> thing) {
            apiOfTeam = true;
            return apiSees(call, thing);
        }

        /** Whether the change was made: checked after every cell, true when allowed, false when refused. */
        Row done(Predicate<Scene> made) {
            this.done = made;
            return this;
        }
    }
}
