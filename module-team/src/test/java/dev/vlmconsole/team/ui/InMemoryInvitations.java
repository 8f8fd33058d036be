package dev.vlmconsole.team.ui;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.Accounts;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.team.TeamModule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A TEST DOUBLE of {@link Invitations}, kept in memory, for the Team pages' tests only: the real
 * service (module-team's InvitationService: tables, token hashes, the outbox, transactions) is written
 * in parallel and tested on its own. It follows the contract's javadoc closely enough for the pages
 * (permission checks, outcomes per address, closed-link reasons, the daily limit, allowed domains,
 * accepting through {@link Memberships#join} and {@link Accounts}), so that the integrator can run
 * the same page tests against the real service where it matters. Tokens are kept in clear here.
 */
final class InMemoryInvitations implements Invitations {

    static final Duration TTL = Duration.ofDays(7);
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@([^@\\s]+\\.[^@\\s]+)");
    private static final Pattern DOMAIN = Pattern.compile("([a-z0-9-]+\\.)+[a-z]{2,}");

    /** One stored invitation; replaced as a whole on every change. */
    private record Stored(Invitation invitation, UUID workspaceId, String token) {}

    private final ConsoleContext context;
    private final RosterDirectory directory;
    private final Memberships memberships;
    private final Accounts accounts;
    private final Map<UUID, Stored> invitations = new ConcurrentHashMap<>();
    private final Map<String, UUID> replacedTokens = new ConcurrentHashMap<>();
    private final Map<UUID, List<String>> domains = new ConcurrentHashMap<>();
    volatile boolean mailConfigured = true;
    volatile boolean linksArePublic = true;
    volatile int limit = 100;

    InMemoryInvitations(ConsoleContext context, RosterDirectory directory, Memberships memberships, Accounts accounts) {
        this.context = context;
        this.directory = directory;
        this.memberships = memberships;
        this.accounts = accounts;
    }

    @Override
    public List<Outcome> invite(String addresses, Role role) {
        context.require(TeamModule.MANAGE);
        if (role == Role.OWNER) {
            context.require(Memberships.MANAGE_OWNERS);
        }
        UUID w = context.workspaceId();
        Set<String> emails = new LinkedHashSet<>();
        for (String a : addresses.split("[,;\\s]+")) {
            if (!a.isBlank()) {
                emails.add(a.strip().toLowerCase(Locale.ROOT));
            }
        }
        if (emails.isEmpty()) {
            throw InvalidInputException.of(EMAILS, "Enter at least one email address.");
        }
        if (quota().used() + emails.size() > limit) {
            throw InvalidInputException.of(
                    EMAILS, "That would pass the workspace's limit of " + limit + " invitations a day.");
        }
        List<Outcome> out = new ArrayList<>();
        for (String email : emails) {
            var address = ADDRESS.matcher(email);
            List<String> allowed = domains.getOrDefault(w, List.of());
            Optional<Stored> pending = stored(w).stream()
                    .filter(s -> s.invitation().email().equals(email) && status(s) == Status.PENDING)
                    .findFirst();
            if (!address.matches()) {
                out.add(new Outcome.Refused(email, "This is not an email address."));
            } else if (!allowed.isEmpty() && !allowed.contains(address.group(1))) {
                out.add(new Outcome.Refused(
                        email, "This workspace invites only addresses at " + String.join(", ", allowed) + "."));
            } else if (directory.members(w).stream().anyMatch(m -> m.email().equalsIgnoreCase(email))) {
                out.add(new Outcome.AlreadyMember(email));
            } else if (pending.isPresent()) {
                out.add(new Outcome.AlreadyInvited(email, view(pending.get())));
            } else {
                Stored s = save(
                        new Invitation(
                                UUID.randomUUID(),
                                email,
                                role,
                                context.actor().id(),
                                context.actor().displayName(),
                                Instant.now(),
                                Instant.now().plus(TTL),
                                Status.PENDING,
                                null,
                                mailConfigured ? EmailDelivery.SENT : EmailDelivery.NONE,
                                false),
                        w,
                        UUID.randomUUID().toString());
                out.add(new Outcome.Sent(email, view(s), linkIfNoMail(s)));
            }
        }
        return out;
    }

    @Override
    public List<Invitation> list(Set<Status> statuses) {
        context.require(TeamModule.READ);
        return stored(context.workspaceId()).stream()
                .filter(s -> statuses.contains(status(s)))
                .map(this::view)
                .sorted(Comparator.comparing(Invitation::createdAt).reversed())
                .toList();
    }

    @Override
    public Optional<Invitation> find(UUID id) {
        context.require(TeamModule.READ);
        return mine(id).map(this::view);
    }

    @Override
    public Outcome.Sent resend(UUID id) {
        context.require(TeamModule.MANAGE);
        Stored s = mine(id).orElseThrow(NoSuchElementException::new);
        if (status(s) == Status.ACCEPTED || status(s) == Status.REVOKED) {
            throw new IllegalStateException(
                    "The invitation was " + status(s).name().toLowerCase(Locale.ROOT));
        }
        replacedTokens.put(s.token(), id);
        Invitation i = s.invitation();
        Stored renewed = save(
                new Invitation(
                        id,
                        i.email(),
                        i.role(),
                        i.invitedBy(),
                        i.invitedByName(),
                        i.createdAt(),
                        Instant.now().plus(TTL),
                        Status.PENDING,
                        null,
                        mailConfigured ? EmailDelivery.SENT : EmailDelivery.NONE,
                        i.provisioned()),
                s.workspaceId(),
                UUID.randomUUID().toString());
        return new Outcome.Sent(i.email(), view(renewed), linkIfNoMail(renewed));
    }

    @Override
    public void revoke(UUID id) {
        context.require(TeamModule.MANAGE);
        Stored s = mine(id).orElseThrow(NoSuchElementException::new);
        if (status(s) == Status.ACCEPTED) {
            throw new IllegalStateException("The invitation was accepted");
        }
        end(s, Status.REVOKED);
    }

    @Override
    public DailyQuota quota() {
        UUID w = context.workspaceId();
        Instant since = Instant.now().minus(Duration.ofDays(1));
        int used = (int) stored(w).stream()
                .filter(s -> s.invitation().createdAt().isAfter(since))
                .count();
        return new DailyQuota(used, limit);
    }

    @Override
    public Delivery delivery() {
        return new Delivery(
                mailConfigured, mailConfigured ? "" : "no mail server is set up (spring.mail.host).", linksArePublic);
    }

    @Override
    public List<String> allowedDomains() {
        return domains.getOrDefault(context.workspaceId(), List.of());
    }

    @Override
    public void setAllowedDomains(Collection<String> wanted) {
        context.require(Memberships.MANAGE_OWNERS);
        List<String> clean =
                wanted.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).toList();
        for (String d : clean) {
            if (!DOMAIN.matcher(d).matches()) {
                throw InvalidInputException.of(DOMAINS, "'" + d + "' is not a domain name, such as example.com.");
            }
        }
        domains.put(context.workspaceId(), List.copyOf(clean));
    }

    @Override
    public Link open(String token) {
        if (replacedTokens.containsKey(token)) {
            return new Link.Closed(Link.Reason.REPLACED);
        }
        Optional<Stored> found = invitations.values().stream()
                .filter(s -> s.token().equals(token))
                .findFirst();
        if (found.isEmpty()) {
            return new Link.Closed(Link.Reason.UNKNOWN);
        }
        Stored s = found.get();
        return switch (status(s)) {
            case ACCEPTED -> joinedBySignedIn(s).orElse(new Link.Closed(Link.Reason.ACCEPTED));
            case REVOKED -> new Link.Closed(Link.Reason.REVOKED);
            case EXPIRED -> new Link.Closed(Link.Reason.EXPIRED);
            case PENDING -> {
                Invitation i = s.invitation();
                yield new Link.Open(
                        i.id(),
                        i.email(),
                        directory.workspace(s.workspaceId()).orElseThrow().name(),
                        i.role(),
                        i.invitedByName(),
                        i.expiresAt(),
                        accounts.byEmail(i.email()).isPresent(),
                        i.provisioned());
            }
        };
    }

    @Override
    public UUID acceptAsNewPerson(String token, String displayName, String password) {
        if (!(open(token) instanceof Link.Open open)) {
            throw new IllegalStateException("The link is closed");
        }
        if (open.hasAccount()) {
            throw new IllegalStateException("The address has an account now");
        }
        Stored s = invitations.get(open.invitationId());
        Accounts.Account account = accounts.create(open.email(), displayName, password);
        join(s, account.id(), open.role());
        accounts.signIn(account.id());
        end(s, Status.ACCEPTED);
        return s.workspaceId();
    }

    @Override
    public UUID acceptAsSignedIn(String token) {
        if (!(open(token) instanceof Link.Open open)) {
            throw new IllegalStateException("The link is closed");
        }
        Accounts.Account me = accounts.signedIn().orElseThrow(() -> new PermissionDeniedException("sign-in"));
        if (!me.email().equalsIgnoreCase(open.email())) {
            throw new PermissionDeniedException("invitation");
        }
        Stored s = invitations.get(open.invitationId());
        join(s, me.id(), open.role());
        end(s, Status.ACCEPTED);
        return s.workspaceId();
    }

    /** As the real service: the signed-in person with the invited address, a member now, is welcomed. */
    private Optional<Link> joinedBySignedIn(Stored s) {
        return accounts.signedIn()
                .filter(me -> me.email().equalsIgnoreCase(s.invitation().email()))
                .flatMap(me -> directory.member(s.workspaceId(), me.id()))
                .map(m -> new Link.Joined(
                        s.workspaceId(),
                        directory.workspace(s.workspaceId()).orElseThrow().name(),
                        m.role()));
    }

    /** What single sign-on does (module-api 1.5 PendingInvitations.accept): joins and uses the invitation up. */
    void acceptBySingleSignOn(String email, UUID userId) {
        Stored s = invitations.values().stream()
                .filter(i -> i.invitation().email().equalsIgnoreCase(email) && status(i) == Status.PENDING)
                .findFirst()
                .orElseThrow();
        join(s, userId, s.invitation().role());
        end(s, Status.ACCEPTED);
    }

    private void join(Stored s, UUID userId, Role role) {
        if (s.invitation().provisioned()) {
            memberships.joinProvisioned(s.workspaceId(), userId, role, UUID.randomUUID());
        } else {
            memberships.join(s.workspaceId(), userId, role, s.invitation().invitedBy());
        }
    }

    // ---------------------------------------------------------------- for the tests

    /** An invitation as the workspace's SCIM provisioning makes it: no inviting member, "via SCIM". */
    Invitation provisioned(UUID workspaceId, String email, Role role) {
        Stored s = save(
                new Invitation(
                        UUID.randomUUID(),
                        email,
                        role,
                        null,
                        PROVISIONED_BY,
                        Instant.now(),
                        Instant.now().plus(TTL),
                        Status.PENDING,
                        null,
                        EmailDelivery.SENT,
                        true),
                workspaceId,
                UUID.randomUUID().toString());
        return view(s);
    }

    /** The current token of the workspace's invitation to {@code email} (the real service stores only a hash). */
    String tokenFor(String email) {
        return invitations.values().stream()
                .filter(s -> s.invitation().email().equalsIgnoreCase(email))
                .max(Comparator.comparing(s -> s.invitation().createdAt()))
                .orElseThrow()
                .token();
    }

    /** Sets what became of the email of the invitations to {@code email}, as the outbox would. */
    void setDelivery(String email, EmailDelivery delivery) {
        invitations.values().stream()
                .filter(s -> s.invitation().email().equalsIgnoreCase(email))
                .toList()
                .forEach(s -> {
                    Invitation i = s.invitation();
                    save(
                            new Invitation(
                                    i.id(),
                                    i.email(),
                                    i.role(),
                                    i.invitedBy(),
                                    i.invitedByName(),
                                    i.createdAt(),
                                    i.expiresAt(),
                                    i.status(),
                                    i.endedAt(),
                                    delivery,
                                    i.provisioned()),
                            s.workspaceId(),
                            s.token());
                });
    }

    /** Moves an invitation's expiry into the past. */
    void expire(String email) {
        invitations.values().stream()
                .filter(s -> s.invitation().email().equalsIgnoreCase(email))
                .toList()
                .forEach(s -> {
                    Invitation i = s.invitation();
                    save(
                            new Invitation(
                                    i.id(),
                                    i.email(),
                                    i.role(),
                                    i.invitedBy(),
                                    i.invitedByName(),
                                    i.createdAt(),
                                    Instant.now().minusSeconds(60),
                                    i.status(),
                                    i.endedAt(),
                                    i.delivery(),
                                    i.provisioned()),
                            s.workspaceId(),
                            s.token());
                });
    }

    // ----------------------------------------------------------------

    private static String link(Stored s) {
        return "http://console.test/invite/" + s.token();
    }

    private String linkIfNoMail(Stored s) {
        return mailConfigured ? null : link(s);
    }

    private Stored save(Invitation i, UUID workspaceId, String token) {
        Stored s = new Stored(i, workspaceId, token);
        invitations.put(i.id(), s);
        return s;
    }

    private void end(Stored s, Status status) {
        Invitation i = s.invitation();
        save(
                new Invitation(
                        i.id(),
                        i.email(),
                        i.role(),
                        i.invitedBy(),
                        i.invitedByName(),
                        i.createdAt(),
                        i.expiresAt(),
                        status,
                        Instant.now(),
                        i.delivery(),
                        i.provisioned()),
                s.workspaceId(),
                s.token());
    }

    private List<Stored> stored(UUID workspaceId) {
        return invitations.values().stream()
                .filter(s -> s.workspaceId().equals(workspaceId))
                .toList();
    }

    private Optional<Stored> mine(UUID id) {
        return Optional.ofNullable(invitations.get(id))
                .filter(s -> s.workspaceId().equals(context.workspaceId()));
    }

    private static Status status(Stored s) {
        Invitation i = s.invitation();
        return i.status() == Status.PENDING && !i.expiresAt().isAfter(Instant.now()) ? Status.EXPIRED : i.status();
    }

    private Invitation view(Stored s) {
        Invitation i = s.invitation();
        return new Invitation(
                i.id(),
                i.email(),
                i.role(),
                i.invitedBy(),
                i.invitedByName(),
                i.createdAt(),
                i.expiresAt(),
                status(s),
                i.endedAt(),
                i.delivery(),
                i.provisioned());
    }
}
