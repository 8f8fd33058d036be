package dev.vlmconsole.app.security;

import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinSession;
import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.WorkspaceSuspendedException;
import dev.vlmconsole.api.events.MemberRemoved;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.api.services.WorkspaceStatus;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.modules.ModuleRegistry;
import dev.vlmconsole.app.twofactor.TwoFactorGate;
import dev.vlmconsole.app.workspaces.WorkspaceRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The acting context: the person from the security context and the workspace they chose (kept in
 * their session, checked against their memberships), or the API key on the machine API. Operators
 * get no workspace unless they are members of it.
 *
 * <p>The acting membership is read once per request (an HTTP request, which is also one Vaadin round
 * trip) and kept in a request attribute for that request only, so a page with many navigation entries
 * and dashboard cards asks the database once, and a removed member or a changed role takes effect at the
 * next request. Choosing another workspace, or a {@link MemberRemoved} in this request, forgets it at once.
 * Outside a request (a background thread) every call reads the database. See DD012.
 *
 * <p>A platform key (the platform's gateway) acts in no workspace and holds no permission; calls made
 * for the platform ask {@link #platformKey()}. {@link Permissions#OPERATOR} is held by operators who gave
 * every factor the console asks of them; the flag is read again once per request, so that a withdrawn
 * one takes effect at the next request (DD024).
 *
 * <p>Since module-api 1.4 (DD027): in a workspace suspended by the operators ({@link WorkspaceStatus}) a
 * member, person or key, holds only the {@linkplain ModuleRegistry#isReadOnly read-only} permissions
 * their role grants, and {@link #require} says why with a {@link WorkspaceSuspendedException}. An
 * operator may open a workspace <em>as support</em> in one browser tab ({@link #pinSupport}): that tab
 * then acts in that workspace, as a Viewer by name, holding exactly the read-only permissions of every
 * module whatever their membership, and its {@link #actor()} is marked as an operator; elsewhere an
 * operator's actor is not (services acting for operators mark it with {@code asOperator()}).
 */
@Component
public class CurrentConsoleContext implements ConsoleContext {

    static final String WORKSPACE_ATTRIBUTE = "console.workspace";
    /** Request attribute holding the {@link Acting} this request resolved. */
    static final String ACTING_ATTRIBUTE = CurrentConsoleContext.class.getName() + ".acting";
    /** Request attribute holding whether this request's person is (still) an operator. */
    static final String OPERATOR_ATTRIBUTE = CurrentConsoleContext.class.getName() + ".operator";
    /** Where a tab (its UI) and the session keep the support session: a {@link SupportPin}, or {@link #NO_SUPPORT}. */
    static final String SUPPORT_ATTRIBUTE = "console.support";
    /** Request attribute holding the support workspace this request resolved. */
    static final String SUPPORT_ACTING_ATTRIBUTE = CurrentConsoleContext.class.getName() + ".support";

    /** An operator's support session: whose, and of which workspace. */
    record SupportPin(UUID operatorId, UUID workspaceId) implements Serializable {}

    /** Pinned on a tab that is not in a support session, so that the session's later choice leaves it alone. */
    static final SupportPin NO_SUPPORT = new SupportPin(new UUID(0, 0), new UUID(0, 0));

    /** What one request resolved for a support session: the workspace, when it (still) exists. */
    private record SupportActing(SupportPin pin, Optional<WorkspaceRef> workspace) {}

    /** Why a permission is refused, if it is. */
    private enum Verdict {
        GRANTED,
        DENIED,
        /** Held but for the workspace's suspension. */
        SUSPENDED
    }

    /**
     * What one request resolved for one principal: a person's memberships, by name, and the acting one
     * among them (the one chosen, else the first); for a key, its owner's membership of its workspace.
     */
    private record Acting(
            UUID principalId, UUID chosen, List<WorkspaceRef> memberships, Optional<WorkspaceRef> workspace) {}

    private final WorkspaceRepository workspaces;
    private final ModuleRegistry registry;
    private final TransactionTemplate tx;
    private final SecurityContextHolderStrategy contexts;
    private final ObjectProvider<TwoFactorGate> twoFactor;
    private final UserRepository users;
    private final WorkspaceStatus status;

    CurrentConsoleContext(
            WorkspaceRepository workspaces,
            UserRepository users,
            ModuleRegistry registry,
            TransactionTemplate tx,
            ObjectProvider<SecurityContextHolderStrategy> contexts,
            ObjectProvider<TwoFactorGate> twoFactor,
            WorkspaceStatus status) {
        this.workspaces = workspaces;
        this.status = status;
        this.users = users;
        this.registry = registry;
        this.tx = tx;
        // looked up when first asked: the gate itself reads the acting workspace from this context
        this.twoFactor = twoFactor;
        // this application's strategy, not the JVM-wide static one (two consoles may share a JVM in tests)
        this.contexts = contexts.getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
    }

    @Override
    public Actor actor() {
        Object principal = principal().orElseThrow(() -> new PermissionDeniedException("sign-in"));
        if (principal instanceof ConsoleUser u) {
            // marked as an operator in a support session only (module-api 1.4, see the class comment)
            return new Actor(Actor.Kind.USER, u.id(), u.email(), u.displayName(), isSupportSession());
        }
        if (principal instanceof PlatformKeyPrincipal p) {
            return new Actor(Actor.Kind.API_KEY, p.keyId(), "", "Platform key " + p.name(), false);
        }
        ApiKeyPrincipal k = (ApiKeyPrincipal) principal;
        // the log names what acted: the workspace's SCIM key (provisioning), or an API key
        String kind = k.scopes().contains(ApiKeyPrincipal.SCOPE_SCIM) ? "SCIM key " : "API key ";
        return new Actor(Actor.Kind.API_KEY, k.keyId(), "", kind + k.name(), false);
    }

    @Override
    public Optional<WorkspaceRef> workspace() {
        Optional<WorkspaceRef> support = supportWorkspace();
        if (support.isPresent()) {
            return support;
        }
        return principal()
                .filter(p -> !(p instanceof PlatformKeyPrincipal)) // the install's key: no workspace
                .flatMap(p -> acting(p).workspace());
    }

    /**
     * Whether this tab is an operator's support session: they opened the workspace as support, the
     * workspace still exists and they are still an operator (read once per request).
     */
    @Override
    public boolean isSupportSession() {
        return supportWorkspace().isPresent();
    }

    /** The signed-in person's workspaces, by name; empty for an API key or when nobody is signed in. */
    public List<WorkspaceRef> memberships() {
        return user().map(u -> acting(u).memberships()).orElse(List.of());
    }

    /**
     * A person holds what their role holds, and {@link Permissions#SIGNED_IN} in any case. A key holds
     * only what its scopes allow (an allow-list the modules declare, see
     * {@code ConsoleModule.keyScopePermissions}) and its owner's current role holds as well: a demoted
     * owner takes their keys down with them. A service key (owned by the workspace, module-api 1.5) is
     * capped as an Owner's key would be: its scopes alone narrow it. A person who still owes their second factor, or must set
     * one up, holds nothing but {@link Permissions#SIGNED_IN} until they have (DD017): no service call
     * succeeds for such a session, whatever page or round trip it comes from. Keys are never gated.
     * {@link Permissions#OPERATOR} is held by a person whose operator flag is set (read again once per
     * request), once they owe no factor and, where operators must use two-factor sign-in, once this
     * session gave its second factor (DD027); never by a key. A platform key holds nothing here.
     *
     * <p>In a suspended workspace only read-only permissions remain; a support session holds exactly the
     * read-only permissions of every module, whatever the operator's role (DD027).
     */
    @Override
    public boolean can(String permission) {
        return verdict(permission) == Verdict.GRANTED;
    }

    /**
     * As {@link ConsoleContext#require}, but a permission refused only because the workspace is
     * suspended is refused with a {@link WorkspaceSuspendedException} that carries the reason.
     */
    @Override
    public void require(String permission) {
        Verdict verdict = verdict(permission);
        if (verdict == Verdict.SUSPENDED) {
            WorkspaceRef w = workspace().orElseThrow();
            String reason = status.suspension(w.id())
                    .map(WorkspaceStatus.Suspension::reason)
                    .orElse("");
            throw new WorkspaceSuspendedException(permission, w.id(), reason);
        }
        if (verdict != Verdict.GRANTED) {
            throw new PermissionDeniedException(permission);
        }
    }

    private Verdict verdict(String permission) {
        if (Permissions.SIGNED_IN.equals(permission)) {
            return grantedIf(user().isPresent());
        }
        if (user().isPresent() && owesTwoFactor()) {
            return Verdict.DENIED;
        }
        if (Permissions.OPERATOR.equals(permission)) {
            return grantedIf(user().filter(ConsoleUser::operator)
                    .filter(u -> gaveOperatorFactor())
                    .map(this::stillOperator)
                    .orElse(false));
        }
        if (supportWorkspace().isPresent()) {
            return grantedIf(registry.isReadOnly(permission)); // whatever role: DD027
        }
        Optional<ApiKeyPrincipal> key = apiKey();
        if (key.isPresent() && !registry.isAllowedForScopes(key.get().scopes(), permission)) {
            return Verdict.DENIED;
        }
        Optional<WorkspaceRef> w = workspace();
        if (w.isEmpty() || !registry.isGranted(w.get().role(), permission)) {
            return Verdict.DENIED;
        }
        if (!registry.isReadOnly(permission) && status.isSuspended(w.get().id())) {
            return Verdict.SUSPENDED;
        }
        return Verdict.GRANTED;
    }

    private static Verdict grantedIf(boolean held) {
        return held ? Verdict.GRANTED : Verdict.DENIED;
    }

    @Override
    public Optional<String> sourceAddress() {
        VaadinRequest vaadin = VaadinRequest.getCurrent();
        if (vaadin != null) {
            return Optional.ofNullable(vaadin.getRemoteAddr());
        }
        return servletRequest().map(HttpServletRequest::getRemoteAddr);
    }

    @Override
    public Optional<ApiKeyPrincipal> apiKey() {
        return principal().filter(ApiKeyPrincipal.class::isInstance).map(ApiKeyPrincipal.class::cast);
    }

    @Override
    public Optional<PlatformKeyPrincipal> platformKey() {
        return principal().filter(PlatformKeyPrincipal.class::isInstance).map(PlatformKeyPrincipal.class::cast);
    }

    /**
     * Whether {@code user}, signed in as an operator, still is one: read once per request (a withdrawn
     * flag takes effect at the next request). Someone made an operator after signing in gets the flag at
     * their next sign-in.
     */
    private boolean stillOperator(ConsoleUser user) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        VaadinRequest vaadin = request == null ? VaadinRequest.getCurrent() : null;
        Object kept = request != null
                ? request.getAttribute(OPERATOR_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
                : vaadin != null ? vaadin.getAttribute(OPERATOR_ATTRIBUTE) : null;
        if (kept instanceof Operator o && o.userId().equals(user.id())) {
            return o.operator();
        }
        boolean operator = Boolean.TRUE.equals(tx.execute(s ->
                users.findById(user.id()).map(UserRepository.UserRow::operator).orElse(false)));
        if (request != null) {
            request.setAttribute(
                    OPERATOR_ATTRIBUTE, new Operator(user.id(), operator), RequestAttributes.SCOPE_REQUEST);
        } else if (vaadin != null) {
            vaadin.setAttribute(OPERATOR_ATTRIBUTE, new Operator(user.id(), operator));
        }
        return operator;
    }

    /** Whether one person is an operator, as read in one request. */
    private record Operator(UUID userId, boolean operator) {}

    /** The signed-in person, if any. */
    public Optional<ConsoleUser> user() {
        return principal().filter(ConsoleUser.class::isInstance).map(ConsoleUser.class::cast);
    }

    /**
     * Whether this session gave the factors operator powers need: an operator who has not set up
     * two-factor sign-in uses the console as a member, and holds {@link Permissions#OPERATOR} once
     * enrolled, while {@code console.security.operators-require-two-factor} is on (DD027).
     */
    public boolean gaveOperatorFactor() {
        TwoFactorGate gate = twoFactor.getIfAvailable();
        return gate == null || gate.allowsOperatorPowers(authentication());
    }

    private boolean owesTwoFactor() {
        TwoFactorGate gate = twoFactor.getIfAvailable();
        return gate != null && gate.need() != TwoFactorGate.Need.NOTHING;
    }

    /**
     * Remembers the chosen workspace in the session; the caller has checked the membership. Choosing one's
     * own workspace ends this tab's support session, if any.
     */
    public void choose(UUID workspaceId) {
        unpinSupport();
        forgetActing();
        UI ui = UI.getCurrent();
        if (ui != null) {
            ComponentUtil.setData(ui, WORKSPACE_ATTRIBUTE, workspaceId);
        }
        VaadinSession session = VaadinSession.getCurrent();
        if (session != null) {
            session.getSession().setAttribute(WORKSPACE_ATTRIBUTE, workspaceId);
            return;
        }
        servletRequest().map(r -> r.getSession(true)).ifPresent(s -> s.setAttribute(WORKSPACE_ATTRIBUTE, workspaceId));
    }

    /**
     * Opens a support session of {@code workspaceId} for the signed-in person in this tab and session;
     * the caller ({@code SupportSessions}) has checked that they are an operator and recorded it.
     */
    public void pinSupport(UUID workspaceId) {
        UUID operator = user().orElseThrow(() -> new PermissionDeniedException(Permissions.OPERATOR))
                .id();
        storeSupport(new SupportPin(operator, workspaceId));
    }

    /** Ends this tab's support session (and the session's, so that a new tab does not open in it). */
    public void unpinSupport() {
        storeSupport(NO_SUPPORT);
    }

    /** The workspace this tab looks at as support, if it is in a support session. */
    public Optional<UUID> supportWorkspaceId() {
        return supportWorkspace().map(WorkspaceRef::id);
    }

    private void storeSupport(SupportPin pin) {
        forgetActing();
        UI ui = UI.getCurrent();
        if (ui != null) {
            ComponentUtil.setData(ui, SUPPORT_ATTRIBUTE, pin);
        }
        VaadinSession session = VaadinSession.getCurrent();
        if (session != null && session.getSession() != null) {
            session.getSession().setAttribute(SUPPORT_ATTRIBUTE, pin);
            return;
        }
        servletRequest().map(r -> r.getSession(true)).ifPresent(s -> s.setAttribute(SUPPORT_ATTRIBUTE, pin));
    }

    /**
     * The support session's workspace (as a Viewer, by name), read once per request: only for a person
     * who opened one in this tab (or, in a new tab, in this session) and who is still an operator.
     */
    private Optional<WorkspaceRef> supportWorkspace() {
        Optional<ConsoleUser> user = user().filter(ConsoleUser::operator);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        SupportPin pin = supportPin();
        if (pin == null || !pin.operatorId().equals(user.get().id())) {
            return Optional.empty();
        }
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        VaadinRequest vaadin = request == null ? VaadinRequest.getCurrent() : null;
        Object kept = request != null
                ? request.getAttribute(SUPPORT_ACTING_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
                : vaadin != null ? vaadin.getAttribute(SUPPORT_ACTING_ATTRIBUTE) : null;
        if (kept instanceof SupportActing a && a.pin().equals(pin)) {
            return a.workspace();
        }
        Optional<WorkspaceRef> ref = stillOperator(user.get())
                ? tx.execute(s -> workspaces.name(pin.workspaceId()))
                        .map(name -> new WorkspaceRef(pin.workspaceId(), name, Role.VIEWER))
                : Optional.empty();
        SupportActing acting = new SupportActing(pin, ref);
        if (request != null) {
            request.setAttribute(SUPPORT_ACTING_ATTRIBUTE, acting, RequestAttributes.SCOPE_REQUEST);
        } else if (vaadin != null) {
            vaadin.setAttribute(SUPPORT_ACTING_ATTRIBUTE, acting);
        }
        return ref;
    }

    /**
     * This tab's support pin: pinned on its UI (the session's, when the tab has none yet, pinned then
     * so that a later choice in another tab leaves this one alone), else the session's.
     */
    private SupportPin supportPin() {
        UI ui = UI.getCurrent();
        if (ui != null && ComponentUtil.getData(ui, SUPPORT_ATTRIBUTE) instanceof SupportPin pinned) {
            return pinned;
        }
        SupportPin fromSession = null;
        VaadinSession session = VaadinSession.getCurrent();
        if (session != null && session.getSession() != null) {
            fromSession = session.getSession().getAttribute(SUPPORT_ATTRIBUTE) instanceof SupportPin p ? p : null;
        } else {
            fromSession = servletRequest()
                    .map(r -> r.getSession(false))
                    .map(s -> s.getAttribute(SUPPORT_ATTRIBUTE) instanceof SupportPin p ? p : null)
                    .orElse(null);
        }
        if (ui != null) {
            ComponentUtil.setData(ui, SUPPORT_ATTRIBUTE, fromSession == null ? NO_SUPPORT : fromSession);
        }
        return fromSession;
    }

    /** A membership removed in this request no longer counts in it either (the acting person may be the one removed). */
    @EventListener
    void memberRemoved(MemberRemoved event) {
        forgetActing();
    }

    /** The acting membership of {@code principal}, read once per request (see the class comment). */
    private Acting acting(Object principal) {
        UUID principalId = principal instanceof ConsoleUser u ? u.id() : ((ApiKeyPrincipal) principal).keyId();
        UUID chosen = principal instanceof ConsoleUser ? chosenWorkspace() : null;
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        VaadinRequest vaadin = request == null ? VaadinRequest.getCurrent() : null;
        Object kept = request != null
                ? request.getAttribute(ACTING_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
                : vaadin != null ? vaadin.getAttribute(ACTING_ATTRIBUTE) : null;
        // keyed by principal and choice: a test, or a filter, may act as someone else within one request
        if (kept instanceof Acting a && a.principalId().equals(principalId) && Objects.equals(a.chosen(), chosen)) {
            return a;
        }
        Acting acting = tx.execute(s -> lookUp(principal, principalId, chosen));
        if (request != null) {
            request.setAttribute(ACTING_ATTRIBUTE, acting, RequestAttributes.SCOPE_REQUEST);
        } else if (vaadin != null) {
            vaadin.setAttribute(ACTING_ATTRIBUTE, acting);
        }
        return acting;
    }

    /** One query: the person's memberships (the acting one among them), or the key owner's membership. */
    private Acting lookUp(Object principal, UUID principalId, UUID chosen) {
        if (principal instanceof ApiKeyPrincipal k && k.isServiceKey()) {
            // a service key is the workspace's own: it acts as an Owner would, and can() narrows that
            // to what its scopes allow (module-api 1.5, DD036)
            return new Acting(
                    principalId,
                    null,
                    List.of(),
                    workspaces.name(k.workspaceId()).map(name -> new WorkspaceRef(k.workspaceId(), name, Role.OWNER)));
        }
        if (principal instanceof ApiKeyPrincipal k) {
            // a key acts with its owner's current role; can() narrows that to what its scopes allow
            return new Acting(principalId, null, List.of(), workspaces.membership(k.workspaceId(), k.ownerUserId()));
        }
        List<WorkspaceRef> all = List.copyOf(workspaces.memberships(principalId));
        Optional<WorkspaceRef> current = all.stream()
                .filter(w -> w.id().equals(chosen))
                .findFirst()
                .or(() -> all.stream().findFirst());
        return new Acting(principalId, chosen, all, current);
    }

    private static void forgetActing() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.removeAttribute(ACTING_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        }
        if (request != null) {
            request.removeAttribute(SUPPORT_ACTING_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        }
        VaadinRequest vaadin = VaadinRequest.getCurrent();
        if (vaadin != null) {
            vaadin.removeAttribute(ACTING_ATTRIBUTE);
            vaadin.removeAttribute(SUPPORT_ACTING_ATTRIBUTE);
        }
    }

    /**
     * The workspace chosen for this request: a browser tab's own (pinned on its Vaadin UI when the
     * tab opened or switched), else the session's latest choice. Pinned per tab so that switching
     * workspace in one tab never makes an action on another tab's page (remove this member, revoke
     * this key) land in a workspace that page does not show.
     */
    private UUID chosenWorkspace() {
        UI ui = UI.getCurrent();
        if (ui != null && ComponentUtil.getData(ui, WORKSPACE_ATTRIBUTE) instanceof UUID pinned) {
            return pinned;
        }
        UUID chosen = sessionChoice();
        if (ui != null && chosen != null) {
            ComponentUtil.setData(ui, WORKSPACE_ATTRIBUTE, chosen);
        }
        return chosen;
    }

    private UUID sessionChoice() {
        VaadinSession session = VaadinSession.getCurrent();
        if (session != null && session.getSession() != null) {
            return (UUID) session.getSession().getAttribute(WORKSPACE_ATTRIBUTE);
        }
        return servletRequest()
                .map(r -> r.getSession(false))
                .map(s -> (UUID) s.getAttribute(WORKSPACE_ATTRIBUTE))
                .orElse(null);
    }

    private Authentication authentication() {
        Authentication auth = contexts.getContext().getAuthentication();
        if (auth == null) {
            // the JVM-wide holder: the same strategy in production, another one when tests run
            // several consoles in one JVM and sign people in through the static holder
            auth = SecurityContextHolder.getContext().getAuthentication();
        }
        return auth;
    }

    private Optional<Object> principal() {
        Authentication auth = authentication();
        if (auth == null || !auth.isAuthenticated()) {
            return Optional.empty();
        }
        Object p = auth.getPrincipal();
        return p instanceof ConsoleUser || p instanceof ApiKeyPrincipal || p instanceof PlatformKeyPrincipal
                ? Optional.of(p)
                : Optional.empty();
    }

    private static Optional<HttpServletRequest> servletRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                ? Optional.of(a.getRequest())
                : Optional.empty();
    }
}
