package dev.vlmconsole.app.security;

import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinSession;
import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.workspaces.WorkspaceRepository;
import dev.vlmconsole.app.modules.ModuleRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The acting context, resolved on every call: the person from the security context and the
 * workspace they chose (kept in their session, checked against their memberships each time),
 * or the API key on the machine API. Operators get no workspace unless they are members of it.
 */
@Component
public class CurrentConsoleContext implements ConsoleContext {

    static final String WORKSPACE_ATTRIBUTE = "console.workspace";

    private final WorkspaceRepository workspaces;
    private final ModuleRegistry registry;
    private final TransactionTemplate tx;
    private final SecurityContextHolderStrategy contexts;

    CurrentConsoleContext(WorkspaceRepository workspaces, ModuleRegistry registry, TransactionTemplate tx,
                          org.springframework.beans.factory.ObjectProvider<SecurityContextHolderStrategy> contexts) {
        this.workspaces = workspaces;
        this.registry = registry;
        this.tx = tx;
        // this application's strategy, not the JVM-wide static one (two consoles may share a JVM in tests)
        this.contexts = contexts.getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
    }

    @Override
    public Actor actor() {
        Object principal = principal().orElseThrow(() -> new PermissionDeniedException("sign-in"));
        if (principal instanceof ConsoleUser u) {
            return new Actor(Actor.Kind.USER, u.id(), u.email(), u.displayName(), u.operator());
        }
        ApiKeyPrincipal k = (ApiKeyPrincipal) principal;
        return new Actor(Actor.Kind.API_KEY, k.keyId(), "", "API key " + k.name(), false);
    }

    @Override
    public Optional<WorkspaceRef> workspace() {
        Optional<Object> principal = principal();
        if (principal.isEmpty()) {
            return Optional.empty();
        }
        if (principal.get() instanceof ApiKeyPrincipal k) {
            // a key acts with its owner's current role; can() narrows that to what its scopes allow
            return tx.execute(s -> workspaces.membership(k.workspaceId(), k.ownerUserId()));
        }
        UUID userId = ((ConsoleUser) principal.get()).id();
        UUID chosen = chosenWorkspace();
        return tx.execute(s -> {
            if (chosen != null) {
                Optional<WorkspaceRef> m = workspaces.membership(chosen, userId);
                if (m.isPresent()) {
                    return m;
                }
            }
            List<WorkspaceRef> all = workspaces.memberships(userId);
            return all.isEmpty() ? Optional.<WorkspaceRef>empty() : Optional.of(all.getFirst());
        });
    }

    /**
     * A person holds what their role holds, and {@link Permissions#SIGNED_IN} in any case. A key holds
     * only what its scopes allow (an allow-list the modules declare, see
     * {@code ConsoleModule.keyScopePermissions}) and its owner's current role holds as well: a demoted
     * owner takes their keys down with them.
     */
    @Override
    public boolean can(String permission) {
        if (Permissions.SIGNED_IN.equals(permission)) {
            return user().isPresent();
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

    /** The signed-in person, if any. */
    public Optional<ConsoleUser> user() {
        return principal().filter(ConsoleUser.class::isInstance).map(ConsoleUser.class::cast);
    }

    /** Remembers the chosen workspace in the session; the caller has checked the membership. */
    public void choose(UUID workspaceId) {
        VaadinSession session = VaadinSession.getCurrent();
        if (session != null) {
            session.getSession().setAttribute(WORKSPACE_ATTRIBUTE, workspaceId);
            return;
        }
        servletRequest().map(r -> r.getSession(true)).ifPresent(s -> s.setAttribute(WORKSPACE_ATTRIBUTE, workspaceId));
    }

    private UUID chosenWorkspace() {
        VaadinSession session = VaadinSession.getCurrent();
        if (session != null && session.getSession() != null) {
            return (UUID) session.getSession().getAttribute(WORKSPACE_ATTRIBUTE);
        }
        return servletRequest().map(r -> r.getSession(false)).map(s -> (UUID) s.getAttribute(WORKSPACE_ATTRIBUTE)).orElse(null);
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
        return p instanceof ConsoleUser || p instanceof ApiKeyPrincipal ? Optional.of(p) : Optional.empty();
    }

    private static Optional<HttpServletRequest> servletRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                ? Optional.of(a.getRequest()) : Optional.empty();
    }

}
