package dev.vlmconsole.team.invitations;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.Accounts;
import dev.vlmconsole.api.services.Accounts.Account;
import dev.vlmconsole.api.services.AlreadyAMemberException;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.DeliveryStatus;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.api.services.OutboundMail;
import dev.vlmconsole.api.services.PendingInvitations;
import dev.vlmconsole.api.services.SignInOptions;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.team.TeamModule;
import dev.vlmconsole.team.invitations.InvitationRepository.ByToken;
import dev.vlmconsole.team.invitations.InvitationRepository.EndReason;
import dev.vlmconsole.team.invitations.InvitationRepository.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The Team module's {@link Invitations}: invitations stored by {@link InvitationRepository}, their
 * emails queued on the console's {@link OutboundMail} in the inviting transaction, memberships made
 * through the console's {@link Memberships}, accounts through its {@link Accounts}. It is the console's
 * {@link PendingInvitations} too (module-api 1.5): single sign-on joins a person's pending invitations,
 * and a workspace's SCIM key invites people who have no account (DD038).
 *
 * <p>Every invite, resend and domain change of a workspace first locks the workspace's settings
 * row, so that the daily limit and "one open invitation per address" hold when several requests
 * or nodes invite at once (a unique index backs the latter).
 *
 * @see "DD018, docs/decisions/DD018-invitations.md"
 * @see "DD038, docs/decisions/DD038-provisioned-invitations.md"
 */
public class InvitationService implements Invitations, PendingInvitations {

    private static final Pattern SEPARATORS = Pattern.compile("[,;\\s]+");
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern DOMAIN = Pattern.compile(LABEL + "(?:\\." + LABEL + ")+");
    private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}");
    private static final int MAX_DOMAINS_LENGTH = 2000;

    private final InvitationRepository invitations;
    private final InvitationLinks links;
    private final ConsoleContext context;
    private final MemberDirectory directory;
    private final Supplier<Memberships> memberships;
    private final Supplier<Accounts> accounts;
    private final Supplier<OutboundMail> mail;
    private final Supplier<@Nullable SignInOptions> signIn;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration ttl;
    private final int perDay;
    private final int perInviterPerDay;

    /**
     * @param memberships looked up on use (the console provides it)
     * @param accounts    looked up on use (the console provides it)
     * @param mail        looked up on use (the console provides it)
     * @param signIn      how people sign in (module-api 1.5), looked up on use; null when the console has
     *                    no single sign-on
     * @param ttl         how long a link works
     * @param perDay      the most invitation emails a workspace sends in 24 hours
     * @param perInviterPerDay the most invitation emails of one person's invitations in 24 hours, across
     *                    every workspace (anyone may create workspaces, so the per-workspace limit alone
     *                    could be multiplied)
     */
    public InvitationService(
            InvitationRepository invitations,
            InvitationLinks links,
            ConsoleContext context,
            MemberDirectory directory,
            Supplier<Memberships> memberships,
            Supplier<Accounts> accounts,
            Supplier<OutboundMail> mail,
            Supplier<@Nullable SignInOptions> signIn,
            AuditLog audit,
            Clock clock,
            Duration ttl,
            int perDay,
            int perInviterPerDay) {
        this.invitations = invitations;
        this.links = links;
        this.context = context;
        this.directory = directory;
        this.memberships = memberships;
        this.accounts = accounts;
        this.mail = mail;
        this.signIn = signIn;
        this.audit = audit;
        this.clock = clock;
        this.ttl = ttl;
        this.perDay = perDay;
        this.perInviterPerDay = perInviterPerDay;
    }

    // ---------------------------------------------------------------- inviting

    @Override
    @Transactional
    public List<Outcome> invite(String addresses, Role role) {
        context.require(TeamModule.MANAGE);
        requireMayGrant(role);
        List<String> given = addresses(addresses);
        if (given.isEmpty()) {
            throw InvalidInputException.of(EMAILS, "Enter at least one email address.");
        }
        WorkspaceRef workspace = context.requireWorkspace();
        UUID ws = workspace.id();
        invitations.lockWorkspace(ws);
        List<String> domains = invitations.allowedDomains(ws);
        Set<String> memberEmails =
                directory.members(ws).stream().map(m -> key(m.email())).collect(Collectors.toSet());
        Instant now = clock.instant();

        Map<String, Outcome> decided = new LinkedHashMap<>();
        List<String> toSend = new ArrayList<>();
        for (String address : given) {
            if (!isAddress(address)) {
                decided.put(address, new Outcome.Refused(address, address + " is not an email address."));
            } else if (memberEmails.contains(key(address))) {
                decided.put(address, new Outcome.AlreadyMember(address));
            } else if (!domainAllowed(address, domains)) {
                decided.put(
                        address,
                        new Outcome.Refused(
                                address,
                                "This workspace invites addresses at " + String.join(", ", domains) + " only."));
            } else {
                Optional<Row> open = invitations.openFor(ws, key(address));
                if (open.isPresent()) {
                    decided.put(address, new Outcome.AlreadyInvited(address, view(open.get(), now)));
                } else {
                    decided.put(address, null);
                    toSend.add(address);
                }
            }
        }
        requireQuota(ws, now, toSend.size());

        Inviter inviter = inviter(ws);
        requireInviterQuota(inviter.userId(), now, toSend.size());
        boolean mailConfigured = mail.get().isConfigured();
        for (String address : toSend) {
            Row row = new Row(
                    UUID.randomUUID(),
                    ws,
                    address,
                    role,
                    inviter.userId(),
                    inviter.name(),
                    now,
                    now.plus(ttl),
                    null,
                    null,
                    null);
            invitations.insert(row, key(address));
            String link = send(row, workspace.name(), now, mailConfigured, true);
            audit.record(
                    "team.invitation.sent",
                    target(row),
                    "Invited " + address + " as " + role.label() + viaMail(mailConfigured));
            decided.put(address, new Outcome.Sent(address, view(row, now), mailConfigured ? null : link));
        }
        return List.copyOf(decided.values());
    }

    @Override
    @Transactional
    public Outcome.Sent resend(UUID id) {
        context.require(TeamModule.MANAGE);
        WorkspaceRef workspace = context.requireWorkspace();
        UUID ws = workspace.id();
        invitations.lockWorkspace(ws);
        Row row = invitations.find(ws, id, true).orElseThrow(InvitationService::noSuchInvitation);
        if (row.endReason() != null) {
            throw new IllegalStateException("This invitation was "
                    + (row.endReason() == EndReason.ACCEPTED ? "accepted" : "revoked") + ": it cannot be sent again.");
        }
        requireMayGrant(row.role());
        Instant now = clock.instant();
        requireQuota(ws, now, 1);
        if (row.invitedBy() != null) { // a provisioned invitation has no inviter: the workspace's limit holds
            requireInviterQuota(row.invitedBy(), now, 1);
        }
        Instant expiresAt = now.plus(ttl);
        invitations.setExpiry(row.id(), expiresAt);
        Row renewed = new Row(
                row.id(),
                ws,
                row.email(),
                row.role(),
                row.invitedBy(),
                row.invitedByName(),
                row.createdAt(),
                expiresAt,
                null,
                null,
                row.provisioningKeyId());
        boolean mailConfigured = mail.get().isConfigured();
        String link = send(renewed, workspace.name(), now, mailConfigured, true);
        audit.record(
                "team.invitation.resent",
                target(row),
                "Sent " + row.email() + " a new link" + viaMail(mailConfigured) + "; the previous one no longer works");
        return new Outcome.Sent(row.email(), view(renewed, now), mailConfigured ? null : link);
    }

    @Override
    @Transactional
    public void revoke(UUID id) {
        context.require(TeamModule.MANAGE);
        UUID ws = context.workspaceId();
        Row row = invitations.find(ws, id, true).orElseThrow(InvitationService::noSuchInvitation);
        if (row.endReason() == EndReason.ACCEPTED) {
            throw new IllegalStateException("This invitation was accepted: remove the member instead.");
        }
        if (invitations.end(row.id(), EndReason.REVOKED, clock.instant(), null)) {
            audit.record("team.invitation.revoked", target(row), "Revoked the invitation of " + row.email());
        }
    }

    /**
     * Issues a new link for {@code row}, ending its earlier ones, and queues its email when mail is on;
     * {@code counted} says whether the link counts against the workspace's daily limit.
     */
    private String send(Row row, String workspaceName, Instant now, boolean mailConfigured, boolean counted) {
        String token = links.newToken();
        String link = links.link(token);
        UUID mailId = mailConfigured
                ? mail.get()
                        .queue(InvitationMail.of(
                                row.email(),
                                workspaceName,
                                sentenceStart(row.invitedByName()),
                                row.role(),
                                row.expiresAt(),
                                link))
                : null;
        invitations.issueToken(
                row.id(), row.workspaceId(), InvitationLinks.hash(token).orElseThrow(), mailId, counted, now);
        return link;
    }

    /** {@code name} as the first words of a sentence ("Your identity provider (SCIM) invited you"). */
    static String sentenceStart(String name) {
        return name.equals(PROVISIONED_BY) ? "Y" + name.substring(1) : name;
    }

    private void requireQuota(UUID ws, Instant now, int more) {
        if (more == 0) {
            return;
        }
        int used = invitations.linksSentSince(ws, now.minus(Duration.ofDays(1)));
        if (used + more > perDay) {
            int left = Math.max(0, perDay - used);
            throw InvalidInputException.of(
                    EMAILS,
                    "This workspace sends at most " + perDay + " invitations a day and has " + left
                            + " left now. Invite fewer people, or try again later.");
        }
    }

    /**
     * The person's limit across workspaces: the emails of the invitations they made (a resend counts for
     * the invitation's inviter), under their {@code team_inviters} row's lock, taken after the workspace's.
     */
    private void requireInviterQuota(UUID inviter, Instant now, int more) {
        if (more == 0) {
            return;
        }
        invitations.lockInviter(inviter);
        int used = invitations.linksSentForInviterSince(inviter, now.minus(Duration.ofDays(1)));
        if (used + more > perInviterPerDay) {
            int left = Math.max(0, perInviterPerDay - used);
            throw InvalidInputException.of(
                    EMAILS,
                    "One person's invitations send at most " + perInviterPerDay
                            + " emails a day across all workspaces, and yours have " + left
                            + " left now. Invite fewer people, or try again later.");
        }
    }

    private static String viaMail(boolean mailConfigured) {
        return mailConfigured ? " (by email)" : " (link shown to copy: no mail server)";
    }

    /** Who sends: the signed-in person, or an API key's owner (an invitation's authority is a person's). */
    private record Inviter(UUID userId, String name) {}

    private Inviter inviter(UUID ws) {
        Optional<UUID> keyOwner = context.apiKey().map(k -> k.ownerUserId());
        if (keyOwner.isPresent()) {
            MemberDirectory.Member owner =
                    directory.member(ws, keyOwner.get()).orElseThrow(() -> new PermissionDeniedException("member"));
            return new Inviter(owner.userId(), owner.displayName());
        }
        Actor actor = context.actor();
        if (actor.kind() != Actor.Kind.USER) {
            throw new PermissionDeniedException(TeamModule.MANAGE);
        }
        return new Inviter(actor.id(), actor.displayName());
    }

    /** Only an Owner (or an Owner's admin key) grants the Owner role. */
    private void requireMayGrant(Role role) {
        if (role == Role.OWNER && context.requireWorkspace().role() != Role.OWNER) {
            throw new PermissionDeniedException(Memberships.MANAGE_OWNERS);
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    @Transactional(readOnly = true)
    public List<Invitation> list(Set<Status> statuses) {
        context.require(TeamModule.READ);
        Instant now = clock.instant();
        Set<Status> wanted = statuses.isEmpty() ? EnumSet.noneOf(Status.class) : EnumSet.copyOf(statuses);
        List<Row> rows = invitations.list(context.workspaceId(), wanted, now);
        Map<UUID, EmailDelivery> deliveries = deliveries(rows);
        return rows.stream().map(r -> view(r, now, deliveries.get(r.id()))).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Invitation> find(UUID id) {
        context.require(TeamModule.READ);
        return invitations.find(context.workspaceId(), id, false).map(r -> view(r, clock.instant()));
    }

    @Override
    @Transactional(readOnly = true)
    public DailyQuota quota() {
        context.require(TeamModule.READ);
        Instant now = clock.instant();
        return new DailyQuota(invitations.linksSentSince(context.workspaceId(), now.minus(Duration.ofDays(1))), perDay);
    }

    @Override
    public Delivery delivery() {
        OutboundMail outbound = mail.get();
        boolean linksArePublic = links.arePublic();
        return outbound.isConfigured()
                ? new Delivery(true, "", linksArePublic)
                : new Delivery(false, outbound.notConfiguredReason(), linksArePublic);
    }

    // ---------------------------------------------------------------- allowed domains

    @Override
    @Transactional(readOnly = true)
    public List<String> allowedDomains() {
        context.require(TeamModule.READ);
        return invitations.allowedDomains(context.workspaceId());
    }

    @Override
    @Transactional
    public void setAllowedDomains(Collection<String> domains) {
        context.require(TeamModule.MANAGE);
        WorkspaceRef workspace = context.requireWorkspace();
        if (workspace.role() != Role.OWNER) {
            throw new PermissionDeniedException(Memberships.MANAGE_OWNERS);
        }
        Set<String> cleaned = new LinkedHashSet<>();
        List<String> refused = new ArrayList<>();
        for (String given : domains) {
            for (String part : SEPARATORS.split(given == null ? "" : given.trim())) {
                String d = part.startsWith("@") ? part.substring(1) : part;
                if (d.isEmpty()) {
                    continue;
                }
                if (d.length() > 253 || !DOMAIN.matcher(d).matches()) {
                    refused.add(part);
                } else {
                    cleaned.add(d.toLowerCase(Locale.ROOT));
                }
            }
        }
        if (!refused.isEmpty()) {
            throw InvalidInputException.of(
                    DOMAINS,
                    String.join(", ", refused)
                            + (refused.size() == 1 ? " is not a domain name" : " are not domain names")
                            + " (such as example.com).");
        }
        if (String.join(",", cleaned).length() > MAX_DOMAINS_LENGTH) {
            throw InvalidInputException.of(DOMAINS, "Too many domains: keep the list under 2000 characters.");
        }
        invitations.lockWorkspace(workspace.id());
        List<String> before = invitations.allowedDomains(workspace.id());
        List<String> after = List.copyOf(cleaned);
        if (before.equals(after)) {
            return;
        }
        invitations.setAllowedDomains(workspace.id(), after);
        audit.record(
                "team.settings.domains_changed",
                AuditTarget.of(TeamModule.SETTINGS_TARGET, workspace.id(), "Team settings of " + workspace.name()),
                "Allowed email domains: " + (after.isEmpty() ? "any" : String.join(", ", after)) + " (were "
                        + (before.isEmpty() ? "any" : String.join(", ", before)) + ")");
    }

    // ---------------------------------------------------------------- accepting

    @Override
    @Transactional(readOnly = true)
    public Link open(String token) {
        Optional<String> hash = InvitationLinks.hash(token);
        if (hash.isEmpty()) {
            return new Link.Closed(Link.Reason.UNKNOWN);
        }
        Optional<ByToken> found = invitations.byToken(hash.get(), false);
        if (found.isEmpty()) {
            return new Link.Closed(Link.Reason.UNKNOWN);
        }
        Optional<Link.Reason> closed = closedReason(found.get(), clock.instant());
        Row row = found.get().invitation();
        if (closed.isPresent() && closed.get() == Link.Reason.ACCEPTED) {
            Optional<Link> joined = joinedBySignedIn(row);
            if (joined.isPresent()) {
                return joined.get();
            }
        }
        if (closed.isPresent()) {
            return new Link.Closed(closed.get());
        }
        Optional<WorkspaceRef> workspace = directory.workspace(row.workspaceId());
        if (workspace.isEmpty()) {
            return new Link.Closed(Link.Reason.UNKNOWN);
        }
        return new Link.Open(
                row.id(),
                row.email(),
                workspace.get().name(),
                row.role(),
                row.invitedByName(),
                row.expiresAt(),
                accounts.get().byEmail(row.email()).isPresent(),
                row.provisioned());
    }

    /** {@link Link.Joined} when the signed-in person has the invited address and is a member of the workspace. */
    private Optional<Link> joinedBySignedIn(Row row) {
        Optional<Account> me = accounts.get().signedIn();
        if (me.isEmpty() || !key(me.get().email()).equals(key(row.email()))) {
            return Optional.empty();
        }
        Optional<MemberDirectory.Member> member =
                directory.member(row.workspaceId(), me.get().id());
        Optional<WorkspaceRef> workspace = directory.workspace(row.workspaceId());
        if (member.isEmpty() || workspace.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Link.Joined(
                row.workspaceId(), workspace.get().name(), member.get().role()));
    }

    @Override
    @Transactional
    public UUID acceptAsNewPerson(String token, String displayName, String password) {
        SignInOptions options = signIn.get();
        if (options != null && options.ssoEnabled() && !options.passwordsAllowed()) {
            throw new IllegalStateException("This console signs people in with single sign-on only: use "
                    + options.ssoButtonLabel() + " to accept the invitation.");
        }
        Row row = lockOpen(token);
        Accounts people = accounts.get();
        if (people.byEmail(row.email()).isPresent()) {
            throw new IllegalStateException(
                    "An account with " + row.email() + " exists now: sign in with it to accept the invitation.");
        }
        Account account = people.create(row.email(), displayName, password);
        join(row, account.id());
        accepted(row, account);
        // signed in once it all commits: a failed commit must not leave a browser signed in as an
        // account that does not exist
        afterCommit(() -> people.signIn(account.id()));
        return row.workspaceId();
    }

    @Override
    @Transactional
    public UUID acceptAsSignedIn(String token) {
        Account account = accounts.get().signedIn().orElseThrow(() -> new PermissionDeniedException("sign-in"));
        Row row = lockOpen(token);
        if (!key(account.email()).equals(key(row.email()))) {
            throw new PermissionDeniedException(WRONG_ADDRESS);
        }
        if (directory.member(row.workspaceId(), account.id()).isEmpty()) {
            join(row, account.id());
        }
        accepted(row, account);
        return row.workspaceId();
    }

    /**
     * Adds the person on the invitation's authority, checked now by the console: the inviter's (a
     * member's invitation), or the workspace's SCIM key's (a provisioned one).
     */
    private void join(Row row, UUID userId) {
        if (row.provisioned()) {
            memberships.get().joinProvisioned(row.workspaceId(), userId, row.role(), row.provisioningKeyId());
        } else {
            memberships.get().join(row.workspaceId(), userId, row.role(), row.invitedBy());
        }
    }

    // ---------------------------------------------------------------- single sign-on and SCIM (PendingInvitations)

    @Override
    @Transactional(readOnly = true)
    public List<Pending> pendingFor(String email) {
        if (email == null || email.isBlank()) {
            return List.of();
        }
        return invitations.pendingFor(key(email), clock.instant()).stream()
                .map(InvitationService::pending)
                .toList();
    }

    @Override
    @Transactional
    public void accept(UUID invitationId, UUID userId) {
        Row row = invitations
                .lockAny(invitationId)
                .filter(r -> r.status(clock.instant()) == Status.PENDING)
                .orElseThrow(() -> new NoSuchElementException("This invitation is not pending any more."));
        Account account = accounts.get().byId(userId).orElseThrow(() -> new NoSuchElementException("No such person."));
        // the accept page's check: the account's address is the invited one
        if (!key(account.email()).equals(key(row.email()))) {
            throw new PermissionDeniedException(WRONG_ADDRESS);
        }
        if (directory.member(row.workspaceId(), account.id()).isEmpty()) {
            join(row, account.id());
        }
        accepted(row, account);
    }

    @Override
    @Transactional
    public Pending provision(String email, Role role) {
        ApiKeyPrincipal key = scimKey();
        Objects.requireNonNull(role, "role");
        String address = email == null ? "" : email.trim();
        if (!isAddress(address)) {
            throw InvalidInputException.of(EMAILS, "\"" + address + "\" is not an email address.");
        }
        UUID ws = key.workspaceId();
        WorkspaceRef workspace =
                directory.workspace(ws).orElseThrow(() -> new NoSuchElementException("No such workspace."));
        invitations.lockWorkspace(ws);
        Optional<MemberDirectory.Member> member = directory.members(ws).stream()
                .filter(m -> key(m.email()).equals(key(address)))
                .findFirst();
        if (member.isPresent()) {
            throw new AlreadyAMemberException(
                    member.get().userId(), member.get().role());
        }
        Instant now = clock.instant();
        boolean mailConfigured = mail.get().isConfigured();
        Optional<Row> open = invitations.openFor(ws, key(address));
        if (open.isPresent() && open.get().provisioned() && open.get().status(now) == Status.PENDING) {
            return pending(open.get()); // the identity provider retries: nothing changes, nothing is sent
        }
        if (open.isPresent()) {
            // a member's open invitation, or an expired provisioned one: provisioning takes it over, so that
            // one invitation stands per address and the identity provider's delete reaches it (DD038)
            Row before = open.get();
            invitations.provisionedBy(before.id(), key.keyId(), PROVISIONED_BY, role);
            boolean expired = before.status(now) == Status.EXPIRED;
            Instant expiresAt = expired ? now.plus(ttl) : before.expiresAt();
            Row taken = new Row(
                    before.id(),
                    ws,
                    before.email(),
                    role,
                    null,
                    PROVISIONED_BY,
                    before.createdAt(),
                    expiresAt,
                    null,
                    null,
                    key.keyId());
            String sent = "";
            if (expired) {
                invitations.setExpiry(before.id(), expiresAt);
                send(taken, workspace.name(), now, mailConfigured, false);
                sent = ", with a new link" + viaMail(mailConfigured);
            }
            record(
                    ws,
                    "team.invitation.provisioned",
                    taken,
                    "Provisioning from the identity provider (SCIM) took over the "
                            + (expired ? "expired " : "") + "invitation of " + before.email() + " by "
                            + before.invitedByName() + " (" + before.role().label() + "), as " + role.label() + sent);
            return pending(taken);
        }
        Row row = new Row(
                UUID.randomUUID(),
                ws,
                address,
                role,
                null,
                PROVISIONED_BY,
                now,
                now.plus(ttl),
                null,
                null,
                key.keyId());
        invitations.insert(row, key(address));
        send(row, workspace.name(), now, mailConfigured, false);
        record(
                ws,
                "team.invitation.provisioned",
                row,
                "Invited " + address + " as " + role.label() + " for the identity provider (SCIM)"
                        + viaMail(mailConfigured));
        return pending(row);
    }

    @Override
    @Transactional
    public int revokeProvisioned(String email) {
        ApiKeyPrincipal key = scimKey();
        if (email == null || email.isBlank()) {
            return 0;
        }
        UUID ws = key.workspaceId();
        Optional<Row> open = invitations.openFor(ws, key(email)).filter(Row::provisioned);
        if (open.isEmpty() || !invitations.end(open.get().id(), EndReason.REVOKED, clock.instant(), null)) {
            return 0;
        }
        record(
                ws,
                "team.invitation.revoked",
                open.get(),
                "Revoked the invitation of " + open.get().email() + ": the identity provider (SCIM) removed them");
        return 1;
    }

    /** The acting SCIM key: provisioning acts for its workspace only (no other key or person may). */
    private ApiKeyPrincipal scimKey() {
        return context.apiKey()
                .filter(k -> k.hasScope(ApiKeyPrincipal.SCOPE_SCIM))
                .orElseThrow(() -> new PermissionDeniedException(ApiKeyPrincipal.SCOPE_SCIM));
    }

    /** An entry in {@code workspaceId}'s log with the acting key as actor (a service key has no member's workspace). */
    private void record(UUID workspaceId, String action, Row row, String details) {
        audit.record(new AuditEntry(
                workspaceId,
                context.actor(),
                action,
                target(row),
                details,
                context.sourceAddress().orElse("")));
    }

    private static Pending pending(Row row) {
        return new Pending(
                row.id(), row.workspaceId(), row.email(), row.role(), row.expiresAt(), row.provisioningKeyId());
    }

    /** The open invitation of {@code token}, its row locked so that it is accepted once. */
    private Row lockOpen(String token) {
        ByToken found = InvitationLinks.hash(token)
                .flatMap(h -> invitations.byToken(h, true))
                .orElseThrow(() -> closed(Link.Reason.UNKNOWN));
        Optional<Link.Reason> reason = closedReason(found, clock.instant());
        if (reason.isPresent()) {
            throw closed(reason.get());
        }
        return found.invitation();
    }

    private void accepted(Row row, Account account) {
        invitations.end(row.id(), EndReason.ACCEPTED, clock.instant(), account.id());
        audit.record(new AuditEntry(
                row.workspaceId(),
                new Actor(Actor.Kind.USER, account.id(), account.email(), account.displayName(), false),
                "team.invitation.accepted",
                target(row),
                account.email() + " accepted the invitation of " + row.invitedByName() + " and joined as "
                        + row.role().label(),
                context.sourceAddress().orElse("")));
    }

    private static Optional<Link.Reason> closedReason(ByToken found, Instant now) {
        Row row = found.invitation();
        if (row.endReason() == EndReason.ACCEPTED) {
            return Optional.of(Link.Reason.ACCEPTED);
        }
        if (row.endReason() == EndReason.REVOKED) {
            return Optional.of(Link.Reason.REVOKED);
        }
        if (found.replaced()) {
            return Optional.of(Link.Reason.REPLACED);
        }
        if (!row.expiresAt().isAfter(now)) {
            return Optional.of(Link.Reason.EXPIRED);
        }
        return Optional.empty();
    }

    private static IllegalStateException closed(Link.Reason reason) {
        return new IllegalStateException(
                switch (reason) {
                    case ACCEPTED -> "This invitation was accepted already.";
                    case REVOKED -> "This invitation was revoked.";
                    case REPLACED -> "This link was replaced by a newer invitation email.";
                    case EXPIRED -> "This invitation has expired.";
                    case UNKNOWN -> "This is not a valid invitation link.";
                });
    }

    // ---------------------------------------------------------------- helpers

    private Invitation view(Row r, Instant now) {
        return view(r, now, deliveries(List.of(r)).get(r.id()));
    }

    /**
     * What became of the email of each row's current link: one query for the links, one to the
     * outbox (module-api 1.2 {@link OutboundMail#statuses}).
     */
    private Map<UUID, EmailDelivery> deliveries(List<Row> rows) {
        Map<UUID, UUID> mailIds =
                invitations.currentMailIds(rows.stream().map(Row::id).toList());
        Map<UUID, DeliveryStatus> statuses =
                mailIds.isEmpty() ? Map.of() : mail.get().statuses(mailIds.values());
        Map<UUID, EmailDelivery> deliveries = new LinkedHashMap<>();
        for (Row r : rows) {
            UUID mailId = mailIds.get(r.id());
            deliveries.put(r.id(), mailId == null ? EmailDelivery.NONE : delivery(statuses.get(mailId)));
        }
        return deliveries;
    }

    private static EmailDelivery delivery(@Nullable DeliveryStatus status) {
        if (status == null) {
            return EmailDelivery.UNKNOWN;
        }
        return switch (status) {
            case QUEUED, SENDING -> EmailDelivery.QUEUED;
            case SENT -> EmailDelivery.SENT;
            case FAILED -> EmailDelivery.FAILED;
            case UNCERTAIN -> EmailDelivery.UNCERTAIN;
        };
    }

    private Invitation view(Row r, Instant now, EmailDelivery delivery) {
        return new Invitation(
                r.id(),
                r.email(),
                r.role(),
                r.invitedBy(),
                r.invitedByName(),
                r.createdAt(),
                r.expiresAt(),
                r.status(now),
                r.endedAt(),
                delivery,
                r.provisioned());
    }

    private static AuditTarget target(Row r) {
        return AuditTarget.of(TeamModule.INVITATION_TARGET, r.id(), r.email());
    }

    private static NoSuchElementException noSuchInvitation() {
        return new NoSuchElementException("No such invitation in this workspace.");
    }

    /** The distinct addresses of {@code text}, in the order given (compared ignoring case). */
    static List<String> addresses(@Nullable String text) {
        Map<String, String> distinct = new LinkedHashMap<>();
        if (text != null) {
            for (String part : SEPARATORS.split(text.trim())) {
                String a = part.startsWith("<") && part.endsWith(">") && part.length() > 2
                        ? part.substring(1, part.length() - 1)
                        : part;
                if (!a.isEmpty()) {
                    distinct.putIfAbsent(key(a), a);
                }
            }
        }
        return List.copyOf(distinct.values());
    }

    /** Whether {@code address} is an email address the console can send to (one address, a domain with a dot). */
    static boolean isAddress(String address) {
        int at = address.lastIndexOf('@');
        if (at < 1 || address.length() > 254 || address.indexOf('@') != at) {
            return false;
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        return LOCAL_PART.matcher(local).matches()
                && !local.startsWith(".")
                && !local.endsWith(".")
                && !local.contains("..")
                && domain.length() <= 253
                && DOMAIN.matcher(domain).matches();
    }

    private static boolean domainAllowed(String address, List<String> domains) {
        if (domains.isEmpty()) {
            return true;
        }
        String domain = key(address.substring(address.lastIndexOf('@') + 1));
        return domains.contains(domain);
    }

    /** An address as addresses are compared. */
    private static String key(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
