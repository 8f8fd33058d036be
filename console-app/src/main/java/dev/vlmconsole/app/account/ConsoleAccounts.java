package dev.vlmconsole.app.account;

import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinServletResponse;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Names;
import dev.vlmconsole.api.services.Accounts;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import dev.vlmconsole.app.signin.SessionSignIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The console's {@link Accounts} for modules: the rules of the first Owner and of a password change
 * ({@link AccountService#requireStrong}, {@link Names#DISPLAY_NAME}, {@link Emails}), sign-in by the
 * session rules of form sign-in ({@link SessionSignIn}).
 */
@Service
class ConsoleAccounts implements Accounts {

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final CurrentConsoleContext context;
    private final SessionSignIn sessionSignIn;
    private final ObjectProvider<AuthenticationContext> vaadinAuthentication;
    private final SecurityContextHolderStrategy contexts;
    private final TransactionTemplate tx;

    ConsoleAccounts(
            UserRepository users,
            PasswordEncoder encoder,
            AuditLog audit,
            CurrentConsoleContext context,
            SessionSignIn sessionSignIn,
            ObjectProvider<AuthenticationContext> vaadinAuthentication,
            ObjectProvider<SecurityContextHolderStrategy> contexts,
            PlatformTransactionManager transactions) {
        this.users = users;
        this.encoder = encoder;
        this.audit = audit;
        this.context = context;
        this.sessionSignIn = sessionSignIn;
        this.vaadinAuthentication = vaadinAuthentication;
        this.contexts = contexts.getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
        this.tx = new TransactionTemplate(transactions);
        this.tx.setReadOnly(true);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Account> byEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return users.findByEmail(email).map(ConsoleAccounts::account);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Account> byId(UUID id) {
        return id == null ? Optional.empty() : users.findById(id).map(ConsoleAccounts::account);
    }

    @Override
    @Transactional
    public Account create(String email, String displayName, String password) {
        var errors = InvalidInputException.builder();
        if (!Emails.isValid(email)) {
            errors.add(EMAIL, "Enter a valid email address.");
        }
        errors.check(NAME, Names.DISPLAY_NAME.problem(displayName));
        try {
            AccountService.requireStrong(PASSWORD, password);
        } catch (InvalidInputException e) {
            errors.addAll(e);
        }
        errors.throwIfAny();
        String normalized = Emails.normalize(email);
        String name = Names.DISPLAY_NAME.require(displayName);
        if (users.findByEmail(normalized).isPresent()) {
            throw InvalidInputException.of(
                    EMAIL, "An account with this email address already exists. Sign in instead.");
        }
        UUID id;
        try {
            id = users.insert(normalized, name, encoder.encode(password), false);
        } catch (DuplicateKeyException raced) {
            throw InvalidInputException.of(
                    EMAIL, "An account with this email address already exists. Sign in instead.");
        }
        // the person who is creating it, when signed in; otherwise the new person (an invitation's page)
        Actor actor = context.user()
                .map(u -> new Actor(Actor.Kind.USER, u.id(), u.email(), u.displayName(), false))
                .orElse(new Actor(Actor.Kind.USER, id, normalized, name, false));
        audit.record(new AuditEntry(
                null,
                actor,
                "core.account.created",
                AccountService.person(id, name, normalized),
                "",
                context.sourceAddress().orElse("")));
        return new Account(id, normalized, name);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Account> signedIn() {
        return context.user().flatMap(u -> users.findById(u.id())).map(ConsoleAccounts::account);
    }

    @Override
    public void signIn(UUID userId) {
        HttpServletRequest request;
        HttpServletResponse response;
        if (VaadinServletRequest.getCurrent() != null && VaadinServletResponse.getCurrent() != null) {
            request = VaadinServletRequest.getCurrent().getHttpServletRequest();
            response = VaadinServletResponse.getCurrent().getHttpServletResponse();
        } else if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                && attributes.getResponse() != null) {
            request = attributes.getRequest();
            response = attributes.getResponse();
        } else {
            throw new IllegalStateException("signIn needs the current HTTP request and response");
        }
        Account account = Optional.ofNullable(userId)
                .flatMap(id -> tx.execute(s -> users.findById(id)))
                .map(ConsoleAccounts::account)
                .orElseThrow(() -> new IllegalArgumentException("no such account"));
        sessionSignIn.signIn(account.email(), request, response);
    }

    @Override
    public void signOut() {
        AuthenticationContext vaadin = vaadinAuthentication.getIfAvailable();
        if (VaadinServletRequest.getCurrent() != null && vaadin != null) {
            vaadin.logout();
            return;
        }
        Authentication authentication = contexts.getContext().getAuthentication();
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            SecurityContextLogoutHandler logout = new SecurityContextLogoutHandler();
            logout.setSecurityContextHolderStrategy(contexts);
            logout.logout(attributes.getRequest(), attributes.getResponse(), authentication);
        } else {
            contexts.clearContext();
        }
    }

    private static Account account(UserRepository.UserRow u) {
        return new Account(u.id(), u.email(), u.displayName());
    }
}
