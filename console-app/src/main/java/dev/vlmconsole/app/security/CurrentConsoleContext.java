package dev.vlmconsole.app.security;

import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinSession;
import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.events.MemberRemoved;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.modules.ModuleRegistry;
import dev.vlmconsole.app.twofactor.TwoFactorGate;
import dev.vlmconsole.app.workspaces.WorkspaceRepository;
import jakarta.servlet.http.HttpServletRequest;
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
 */
@Component
public class CurrentConsoleContext implements ConsoleContext {

    static final String WORKSPACE_ATTRIBUTE = "console.workspace";
    /** Request attribute holding the {@link Acting} this request resolved. */
    static final String ACTING_ATTRIBUTE = CurrentConsoleContext.class.getName() + ".acting";
    /** Request attribute holding whether this request's person is (still) an operator. */
    static final String OPERATOR_ATTRIBUTE = CurrentConsoleContext.class.getName() + ".operator";

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

    CurrentConsoleContext(
            WorkspaceRepository workspaces,
            UserRepository users,
            ModuleRegistry registry,
            TransactionTemplate tx,
            ObjectProvider<SecurityContextHolderStrategy> contexts,
            ObjectProvider<TwoFactorGate> twoFactor) {
        this.workspaces = workspaces;
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
            return new Actor(Actor.Kind.USER, u.id(), u.email(), u.displayName(), u.operator());
        }
        if (principal instanceof PlatformKeyPrincipal p) {
            return new Actor(Actor.Kind.API_KEY, p.keyId(), "", "Platform key " + p.name(), false);
        }
        ApiKeyPrincipal k = (ApiKeyPrincipal) principal;
        return new Actor(Actor.Kind.API_KEY, k.keyId(), "", "API key " + k.name(), false);
    }

    @Override
    public Optional<WorkspaceRef> workspace() {
        return principal()
                .filter(p -> !(p instanceof PlatformKeyPrincipal)) // the install's key: no workspace
                .flatMap(p -> acting(p).workspace());
    }

    /** The signed-in person's workspaces, by name; empty for an API key or when nobody is signed in. */
    public List<WorkspaceRef> memberships() {
        return user().map(u -> acting(u).memberships()).orElse(List.of());
    }

    /**
     * A person holds what their role holds, and {@link Permissions#SIGNED_IN} in any case. A key holds
     * only what its scopes allow (an allow-list the modules declare, see
     * {@code ConsoleModule.keyScopePermissions}) and its owner's current role holds as well: a demoted
     * owner takes their keys down with them. A person who still owes their second factor, or must set
     * one up, holds nothing but {@link Permissions#SIGNED_IN} until they have (DD017): no service call
     * succeeds for such a session, whatever page or round trip it comes from. Keys are never gated.
     * {@link Permissions#OPERATOR} is held by a person whose operator flag is set (read again once per
     * request), once they owe no factor; never by a key. A platform key holds nothing here.
     */
    @Override
    public boolean can(String permission) {
        if (Permissions.SIGNED_IN.equals(permission)) {
            return user().isPresent();
        }
        if (user().isPresent() && owesTwoFactor()) {
            return false;
        }
        if (Permissions.OPERATOR.equals(permission)) {
            return user().filter(ConsoleUser::operator).map(this::stillOperator).orElse(false);
        }
        Optional<ApiKeyPrincipal> key = apiKey();
        if (key.isPresent() && !registry.isAllowedForScopes(key.get().scopes(), permission)) {
            return false;
        }
        return workspace().map(w -> registry.isGranted(w.role(), permission)).orElse(false);
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

    private boolean owesTwoFactor() {
        TwoFactorGate gate = twoFactor.getIfAvailable();
        return gate != null && gate.need() != TwoFactorGate.Need.NOTHING;
    }

    /** Remembers the chosen workspace in the session; the caller has checked the membership. */
    public void choose(UUID workspaceId) {
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
        VaadinRequest vaadin = VaadinRequest.getCurrent();
        if (vaadin != null) {
            vaadin.removeAttribute(ACTING_ATTRIBUTE);
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

    private Optional<Object> principal() {
        Authentication auth = contexts.getContext().getAuthentication();
        if (auth == null) {
            // the JVM-wide holder: the same strategy in production, another one when tests run
            // several consoles in one JVM and sign people in through the static holder
            auth = SecurityContextHolder.getContext().getAuthentication();
        }
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
