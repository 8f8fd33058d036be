package dev.vlmconsole.team.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.services.MemberDirectory.MemberDetails;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.team.Invitations.Invitation;
import dev.vlmconsole.team.Invitations.Outcome;
import dev.vlmconsole.team.Invitations.Status;
import dev.vlmconsole.team.TeamModule;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Team part of the machine API, for admin keys: members and invitations, as the Team page shows
 * them. Memberships change through the console's {@link Memberships} (which enforces "at least one
 * Owner" and publishes the removal, so the keys module revokes the member's keys); invitations go
 * through {@link Invitations}, so that a call checks what the page checks. Errors are problems: the
 * console's handler answers {@code InvalidInputException} 400 naming each field, a missing
 * permission or a role the key's owner may not grant 403, another workspace's id 404, the last
 * Owner 409; this controller answers a conflicting state (an accepted invitation, an address
 * already a member or invited) 409.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
public class TeamApiController {

    /** The body field of a role. */
    static final String ROLE = "role";
    /** The body field of an invitation's address. */
    static final String EMAIL = "email";

    private final Invitations invitations;
    private final Memberships memberships;
    private final MemberDirectory directory;
    private final ConsoleContext context;

    public TeamApiController(
            Invitations invitations, Memberships memberships, MemberDirectory directory, ConsoleContext context) {
        this.invitations = invitations;
        this.memberships = memberships;
        this.directory = directory;
        this.context = context;
    }

    /** A member as the API shows it. */
    public record MemberView(
            UUID userId,
            String email,
            String name,
            Role role,
            Instant joinedAt,
            @Nullable Instant lastActiveAt) {
        static MemberView of(MemberDetails m) {
            return new MemberView(m.userId(), m.email(), m.displayName(), m.role(), m.joinedAt(), m.lastActiveAt());
        }
    }

    /**
     * An invitation as the API shows it; {@code link} only in the answer that sent it, and only when
     * no mail server is configured. {@code delivery} is what became of the email of its current
     * link: {@code queued}, {@code sent}, {@code failed} (never delivered: resend it),
     * {@code uncertain} (interrupted while sending: it may not have arrived), {@code none} (no mail
     * server: the link was shown to copy) or {@code unknown} (the outbox no longer keeps it).
     * {@code provisioned} is true for an invitation the workspace's SCIM provisioning made: it has no
     * {@code invitedBy}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InvitationView(
            UUID id,
            String email,
            Role role,
            @Nullable UUID invitedBy,
            boolean provisioned,
            Instant createdAt,
            Instant expiresAt,
            String status,
            String delivery,
            @Nullable String link) {
        static InvitationView of(Invitation i, @Nullable String link) {
            return new InvitationView(
                    i.id(),
                    i.email(),
                    i.role(),
                    i.invitedBy(),
                    i.provisioned(),
                    i.createdAt(),
                    i.expiresAt(),
                    i.status().name().toLowerCase(Locale.ROOT),
                    i.delivery().name().toLowerCase(Locale.ROOT),
                    link);
        }
    }

    /** The body of a role change. */
    public record RoleChange(@Nullable String role) {}

    /** The body of an invitation. */
    public record NewInvitation(
            @Nullable String email, @Nullable String role) {}

    @GetMapping("/members")
    public List<MemberView> members() {
        context.require(TeamModule.READ);
        return directory.roster(context.workspaceId()).stream()
                .map(MemberView::of)
                .toList();
    }

    @PatchMapping(path = "/members/{userId}", consumes = "application/json")
    public MemberView changeRole(@PathVariable UUID userId, @RequestBody(required = false) RoleChange body) {
        context.require(TeamModule.MANAGE);
        Role role = role(body == null ? null : body.role());
        memberships.changeRole(userId, role);
        return directory.roster(context.workspaceId()).stream()
                .filter(m -> m.userId().equals(userId))
                .findFirst()
                .map(MemberView::of)
                .orElseThrow(() -> new NoSuchElementException("No such member in this workspace."));
    }

    /** Removes a member; their keys of this workspace are revoked in the same transaction. */
    @DeleteMapping("/members/{userId}")
    public ResponseEntity<Void> remove(@PathVariable UUID userId) {
        context.require(TeamModule.MANAGE);
        memberships.remove(userId);
        return ResponseEntity.noContent().build();
    }

    /** The workspace's invitations, newest first; {@code status} is one or more of pending, expired, accepted, revoked (all when absent). */
    @GetMapping("/invitations")
    public List<InvitationView> invitations(@RequestParam(required = false) @Nullable String status) {
        return invitations.list(statuses(status)).stream()
                .map(i -> InvitationView.of(i, null))
                .toList();
    }

    @PostMapping(path = "/invitations", consumes = "application/json")
    public ResponseEntity<?> invite(@RequestBody(required = false) NewInvitation body) {
        String email = body == null || body.email() == null ? "" : body.email().trim();
        Role role = role(body == null ? null : body.role());
        if (email.isEmpty()) {
            throw InvalidInputException.of(EMAIL, "Enter the address to invite.");
        }
        if (email.chars().anyMatch(c -> c == ',' || c == ';' || Character.isWhitespace(c))) {
            throw InvalidInputException.of(EMAIL, "Invite one address per call.");
        }
        List<Outcome> outcomes;
        try {
            outcomes = invitations.invite(email, role);
        } catch (InvalidInputException e) {
            throw renamed(e);
        }
        return switch (outcomes.getFirst()) {
            case Outcome.Sent sent ->
                ResponseEntity.created(URI.create(
                                "/api/v1/invitations/" + sent.invitation().id()))
                        .body(InvitationView.of(sent.invitation(), sent.link()));
            case Outcome.AlreadyMember member -> conflict(member.email() + " is already a member of this workspace.");
            case Outcome.AlreadyInvited invited -> {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                        HttpStatus.CONFLICT,
                        invited.email() + " is already invited: resend the invitation for a new link.");
                problem.setProperty("invitationId", invited.pending().id());
                yield ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
            }
            case Outcome.Refused refused -> throw InvalidInputException.of(EMAIL, refused.reason());
        };
    }

    /** Sends the invitation again with a new link; the old link stops working. */
    @PostMapping("/invitations/{id}/resend")
    public InvitationView resend(@PathVariable UUID id) {
        try {
            Outcome.Sent sent = invitations.resend(id);
            return InvitationView.of(sent.invitation(), sent.link());
        } catch (InvalidInputException e) {
            throw renamed(e);
        }
    }

    @DeleteMapping("/invitations/{id}")
    public ResponseEntity<Void> revoke(@PathVariable UUID id) {
        invitations.revoke(id);
        return ResponseEntity.noContent().build();
    }

    /** An accepted invitation cannot be revoked or resent; an address already invited: a 409 problem. */
    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<ProblemDetail> conflict(IllegalStateException e) {
        return conflict(e.getMessage());
    }

    private static ResponseEntity<ProblemDetail> conflict(String detail) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail));
    }

    /** The service names the addresses {@code emails} (the page's field); the API's body says {@code email}. */
    private static InvalidInputException renamed(InvalidInputException e) {
        return InvalidInputException.of(e.fieldErrors().stream()
                .map(f -> Invitations.EMAILS.equals(f.field())
                        ? new InvalidInputException.FieldError(EMAIL, f.message())
                        : f)
                .toList());
    }

    private static Role role(@Nullable String role) {
        if (role != null) {
            try {
                return Role.valueOf(role.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // answered below
            }
        }
        throw InvalidInputException.of(ROLE, "role must be one of OWNER, ADMIN, MEMBER, BILLING, VIEWER.");
    }

    private static Set<Status> statuses(@Nullable String status) {
        if (status == null || status.isBlank()) {
            return EnumSet.allOf(Status.class);
        }
        Set<Status> out = EnumSet.noneOf(Status.class);
        for (String s : Arrays.stream(status.split(",")).map(String::trim).toList()) {
            try {
                out.add(Status.valueOf(s.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of("status", "status must be pending, expired, accepted or revoked.");
            }
        }
        return out;
    }
}
