package dev.vlmconsole.app.access;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.MEMBERSHIPS;
import static dev.vlmconsole.keys.db.Tables.API_KEYS;
import static dev.vlmconsole.keys.db.Tables.API_KEY_SECRETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.team.Invitations;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Tenant isolation: someone who manages workspace A, acting in A, names workspace B's keys, members,
 * invitations and invoices by id, through the services and with an admin key over the API. Every attempt is
 * answered as if the id did not exist (a {@code NoSuchElementException}, a 404 problem, absent from a
 * list: B's ids look exactly like unknown ones), and afterwards B is exactly as it was: its keys and
 * their secrets, its memberships, its invitations, its billing (plan, balance, limit, budgets,
 * invoices) and its audit log.
 *
 * <p>Each cell has its own two workspaces. B has an Owner, a Member with a key, (for the team cells) a
 * pending invitation and (for the billing cells) an invoice.
 */
class TenantIsolationTest extends AccessTest {

    private static final EnumSet<Invitations.Status> EVERY_STATUS = EnumSet.allOf(Invitations.Status.class);

    /** Who reaches for B's things. */
    enum Intruder {
        OWNER_OF_A("An Owner of A", Role.OWNER, null),
        ADMIN_OF_A("An Admin of A", Role.ADMIN, null),
        OWNER_OF_A_VIEWER_OF_B("An Owner of A who is a Viewer of B, acting in A", Role.OWNER, Role.VIEWER);

        final String label;
        final Role inA;
        final @Nullable Role inB;

        Intruder(String label, Role inA, @Nullable Role inB) {
            this.label = label;
            this.inA = inA;
            this.inB = inB;
        }
    }

    // ------------------------------------------------------------------------------------- the attempts

    private List<Attempt> inTheConsole() {
        return List.of(
                // API keys
                attempt("see B's key", t -> keys.get(t.bKey)),
                attempt("see B's key's usage", t -> keys.usage(t.bKey, 30)),
                attempt("see B's key's history", t -> keys.history(t.bKey)),
                attempt("revoke B's key", t -> keys.revoke(t.bKey)),
                attempt("roll B's key", t -> keys.roll(t.bKey, Duration.ZERO)),
                attempt("rename B's key", t -> keys.rename(t.bKey, "taken over")),
                attempt(
                        "set B's key's expiry",
                        t -> keys.setExpiry(t.bKey, Instant.now().plus(Duration.ofDays(1)))),
                sees(
                        "find B's key in the key list",
                        t -> keys.list(KeyRepository.Filter.ALL, KeyRepository.SortBy.CREATED, false, 0, 1000).stream()
                                .anyMatch(r -> r.key().id().equals(t.bKey))),
                // members (the console core's Memberships)
                attempt("make B's Member a Viewer", t -> memberships.changeRole(t.bMember.id(), Role.VIEWER)),
                attempt("make B's Member an Owner", t -> memberships.changeRole(t.bMember.id(), Role.OWNER)),
                attempt("remove B's Member", t -> memberships.remove(t.bMember.id())),
                attempt("remove B's Owner", t -> memberships.remove(t.bOwner.id())),
                attempt("transfer ownership of A to B's Member", t -> memberships.transferOwnership(t.bMember.id()))
                        .onlyFor(Intruder.OWNER_OF_A, Intruder.OWNER_OF_A_VIEWER_OF_B),
                // invitations (module-team)
                sees(
                                "find B's invitation",
                                t -> invitations().find(t.invitation.id()).isPresent())
                        .ofTeam(),
                attempt("resend B's invitation", t -> invitations().resend(t.invitation.id()))
                        .ofTeam(),
                attempt("revoke B's invitation", t -> invitations().revoke(t.invitation.id()))
                        .ofTeam(),
                sees(
                                "find B's invitation in the list",
                                t -> invitations().list(EVERY_STATUS).stream()
                                        .anyMatch(i -> i.id().equals(t.invitation.id())))
                        .ofTeam(),
                // billing (module-billing)
                attempt("see B's invoice", t -> invoices().get(t.bInvoice)).ofBilling(),
                attempt("download B's invoice as PDF", t -> invoices().pdf(t.bInvoice))
                        .ofBilling(),
                sees(
                                "find B's invoice in the list",
                                t -> invoices().list().stream().anyMatch(i -> i.id().equals(t.bInvoice)))
                        .ofBilling(),
                attempt(
                                "see daily usage of B's key",
                                t -> usageReports().daily(LocalDate.now().minusDays(6), LocalDate.now(), t.bKey, null))
                        .ofBilling(),
                attempt("set a credit budget on B's key", t -> subscriptions().setBudget(t.bKey, new BigDecimal("1")))
                        .ofBilling()
                        .onlyFor(Intruder.OWNER_OF_A, Intruder.OWNER_OF_A_VIEWER_OF_B),
                sees(
                                "find B's key among the budgets",
                                t -> subscriptions().budgets().stream()
                                        .anyMatch(b -> b.keyId().equals(t.bKey)))
                        .ofBilling());
    }

    private List<Attempt> overTheApi() {
        return List.of(
                // API keys
                call("GET /api/v1/keys/{B's key}", (t, key) -> api().get("/api/v1/keys/" + t.bKey, key)),
                call("DELETE /api/v1/keys/{B's key}", (t, key) -> api().delete("/api/v1/keys/" + t.bKey, key)),
                call(
                        "POST /api/v1/keys/{B's key}/roll",
                        (t, key) -> api().post("/api/v1/keys/" + t.bKey + "/roll", key, Map.of())),
                listed("GET /api/v1/keys", (t, key) -> api().get("/api/v1/keys?limit=1000", key), t -> t.bKey),
                // members and invitations (module-team's machine API)
                call(
                                "PATCH /api/v1/members/{B's Member}",
                                (t, key) -> api().patch(
                                                "/api/v1/members/" + t.bMember.id(),
                                                key,
                                                Map.of("role", Role.VIEWER.name())))
                        .ofTeam(),
                call(
                                "DELETE /api/v1/members/{B's Member}",
                                (t, key) -> api().delete("/api/v1/members/" + t.bMember.id(), key))
                        .ofTeam(),
                call(
                                "DELETE /api/v1/members/{B's Owner}",
                                (t, key) -> api().delete("/api/v1/members/" + t.bOwner.id(), key))
                        .ofTeam(),
                listed("GET /api/v1/members", (t, key) -> api().get("/api/v1/members", key), t -> t.bMember.id())
                        .ofTeam(),
                call(
                                "POST /api/v1/invitations/{B's invitation}/resend",
                                (t, key) -> api().post(
                                                "/api/v1/invitations/" + t.invitation.id() + "/resend", key, Map.of()))
                        .ofTeam(),
                call(
                                "DELETE /api/v1/invitations/{B's invitation}",
                                (t, key) -> api().delete("/api/v1/invitations/" + t.invitation.id(), key))
                        .ofTeam(),
                listed(
                                "GET /api/v1/invitations",
                                (t, key) -> api().get("/api/v1/invitations?status=pending", key),
                                t -> t.invitation.id())
                        .ofTeam(),
                // billing (module-billing's machine API)
                call("GET /api/v1/invoices/{B's invoice}", (t, key) -> api().get("/api/v1/invoices/" + t.bInvoice, key))
                        .ofBilling(),
                call(
                                "GET /api/v1/invoices/{B's invoice}/pdf",
                                (t, key) -> api().get("/api/v1/invoices/" + t.bInvoice + "/pdf", key))
                        .ofBilling(),
                listed("GET /api/v1/invoices", (t, key) -> api().get("/api/v1/invoices", key), t -> t.bInvoice)
                        .ofBilling(),
                call(
                                "GET /api/v1/usage/daily?keyId={B's key}",
                                (t, key) -> api().get("/api/v1/usage/daily?keyId=" + t.bKey, key))
                        .ofBilling());
    }

    // ---------------------------------------------------------------------------------------- the cells

    @TestFactory
    Stream<DynamicNode> a_member_of_A_reaching_for_Bs_things_by_id_finds_nothing_and_changes_nothing() {
        return Stream.of(Intruder.values())
                .map(intruder -> dynamicContainer(
                        intruder.label,
                        Stream.concat(
                                inTheConsole().stream()
                                        .filter(a -> a.appliesTo(intruder))
                                        .map(a -> cell("in the console: " + a.what, intruder, a)),
                                overTheApi().stream()
                                        .filter(a -> a.appliesTo(intruder))
                                        .map(a -> cell("with an admin key: " + a.what, intruder, a)))));
    }

    private DynamicTest cell(String name, Intruder intruder, Attempt attempt) {
        return dynamicTest(name + ": not found", () -> {
            if (attempt.team) {
                requireTeamModule();
            }
            if (attempt.billing) {
                requireBilling();
            }
            Tenants t = new Tenants(intruder, attempt.team, attempt.billing);
            Snapshot before = snapshotOfB(t);

            assertThat(attempt.run.apply(t))
                    .as(intruder.label + ": " + attempt.what)
                    .isEqualTo(Outcome.HIDDEN);
            assertThat(snapshotOfB(t)).as("B is as it was").isEqualTo(before);
        });
    }

    // --------------------------------------------------------------------------------- what B holds

    /** B's rows, as text: any change to them shows as a difference. */
    record Snapshot(
            String keys, String secrets, String memberships, int auditEntries, String invitations, String billing) {}

    private Snapshot snapshotOfB(Tenants t) {
        UUID b = t.b.id();
        return tx.execute(s -> new Snapshot(
                db.selectFrom(API_KEYS)
                        .where(API_KEYS.WORKSPACE_ID.eq(b))
                        .orderBy(API_KEYS.ID)
                        .fetch()
                        .formatCSV(),
                db.select(API_KEY_SECRETS.fields())
                        .from(API_KEY_SECRETS)
                        .join(API_KEYS)
                        .on(API_KEYS.ID.eq(API_KEY_SECRETS.KEY_ID))
                        .where(API_KEYS.WORKSPACE_ID.eq(b))
                        .orderBy(API_KEY_SECRETS.SECRET_HASH)
                        .fetch()
                        .formatCSV(),
                db.selectFrom(MEMBERSHIPS)
                        .where(MEMBERSHIPS.WORKSPACE_ID.eq(b))
                        .orderBy(MEMBERSHIPS.USER_ID)
                        .fetch()
                        .formatCSV(),
                db.fetchCount(AUDIT_LOG, AUDIT_LOG.WORKSPACE_ID.eq(b)),
                t.invitation == null
                        ? ""
                        : as(t.bOwner, t.b, () -> invitations().list(EVERY_STATUS))
                                .toString(),
                t.bInvoice == null ? "" : billingOfB(t)));
    }

    /** B's billing as its Owner sees it: plan, balance, limit, budgets and invoices. */
    private String billingOfB(Tenants t) {
        return as(
                        t.bOwner,
                        t.b,
                        () -> List.of(
                                subscriptions().account(),
                                subscriptions().budgets(),
                                invoices().list()))
                .toString();
    }

    /** Two workspaces: A, where the intruder acts, and B, whose things they name. */
    final class Tenants {
        final Workspace a = newWorkspace();
        final Workspace b = newWorkspace();
        final TestUser intruder;
        final TestUser bOwner = newMember(b, Role.OWNER);
        final TestUser bMember = newMember(b, Role.MEMBER);
        final UUID bKey = keyOf(b, bMember, "B's key");
        final @Nullable SentInvitation invitation;
        final @Nullable UUID bInvoice;

        Tenants(Intruder who, boolean withInvitation, boolean withBilling) {
            intruder = newMember(a, who.inA);
            if (who.inB != null) {
                addMember(b, intruder, who.inB);
            }
            keyOf(a, intruder, "A's key");
            invitation = withInvitation ? invite(bOwner, b, Role.MEMBER) : null;
            bInvoice = withBilling ? issueInvoice(b).id() : null;
        }
    }

    // ------------------------------------------------------------------------------------ attempts

    /** One thing the intruder tries; {@code run} says what they met. */
    private static final class Attempt {
        final String what;
        final Function<Tenants, Outcome> run;
        boolean team;
        boolean billing;
        List<Intruder> who = List.of(Intruder.values());

        Attempt(String what, Function<Tenants, Outcome> run) {
            this.what = what;
            this.run = run;
        }

        /** Needs the team module's implementation. */
        Attempt ofTeam() {
            team = true;
            return this;
        }

        /** Needs the billing module's services; B then has an invoice, and its billing is part of the snapshot. */
        Attempt ofBilling() {
            billing = true;
            return this;
        }

        /** Tried only by these (an Admin is refused Owners' actions before any id is looked at). */
        Attempt onlyFor(Intruder... intruders) {
            who = List.of(intruders);
            return this;
        }

        boolean appliesTo(Intruder intruder) {
            return who.contains(intruder);
        }
    }

    /** A service call, made signed in as the intruder in A. */
    private Attempt attempt(String what, Consumer<Tenants> call) {
        return new Attempt(
                what,
                t -> inA(t, () -> {
                    call.accept(t);
                    return Outcome.ALLOWED;
                }));
    }

    /** A service read: whether the intruder sees B's thing. */
    private Attempt sees(String what, Predicate<Tenants> sees) {
        return new Attempt(what, t -> inA(t, () -> sees.test(t) ? Outcome.ALLOWED : Outcome.HIDDEN));
    }

    private Outcome inA(Tenants t, Supplier<Outcome> attempt) {
        actAs(t.intruder, t.a);
        try {
            return outcomeOf(attempt);
        } finally {
            freshRequest();
        }
    }

    /** An API call with an admin key of the intruder in A; a 404 problem is what it must meet. */
    private Attempt call(String what, BiFunction<Tenants, String, MachineApi.Answer> call) {
        return new Attempt(what, t -> outcomeOf(call.apply(t, adminKeyOf(t.a, t.intruder))));
    }

    /** An API list: whether it names B's thing. */
    private Attempt listed(
            String what, BiFunction<Tenants, String, MachineApi.Answer> call, Function<Tenants, UUID> thing) {
        return new Attempt(what, t -> {
            MachineApi.Answer answer = call.apply(t, adminKeyOf(t.a, t.intruder));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            return answer.body().contains(thing.apply(t).toString()) ? Outcome.ALLOWED : Outcome.HIDDEN;
        });
    }
}
