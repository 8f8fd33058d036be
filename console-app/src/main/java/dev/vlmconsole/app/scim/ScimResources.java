package dev.vlmconsole.app.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.Group;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Meta;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.JsonUtils;
import dev.vlmconsole.app.account.Emails;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The console's SCIM Users and Groups as UnboundID's {@link UserResource} and {@link GroupResource},
 * and what a client sends, read from its JSON (RFC 7643; attribute names case-insensitive). A User
 * carries what the console keeps: userName (the email, also its one work email), name, displayName,
 * externalId, active and its groups; anything else a client sends is ignored.
 */
final class ScimResources {

    static final int MAX_TEXT = 200;

    private ScimResources() {}

    /** What a client says about a User (create, replace, or a patched resource). */
    record UserInput(
            String userName,
            @Nullable String externalId,
            @Nullable String givenName,
            @Nullable String familyName,
            @Nullable String displayName,
            boolean active) {}

    /** What a client says about a Group. */
    record GroupInput(String displayName, @Nullable String externalId, List<UUID> members) {}

    static UserInput userInput(ObjectNode node) {
        String userName = text(node, "userName");
        if (userName == null || userName.isBlank()) {
            throw ScimProblem.badRequest(
                    BadRequestException.INVALID_VALUE, "userName is required: the person's email.");
        }
        if (!Emails.isValid(userName.strip())) {
            throw ScimProblem.badRequest(
                    BadRequestException.INVALID_VALUE, "userName must be the person's email address.");
        }
        JsonNode name = node.get("name");
        return new UserInput(
                Emails.normalize(userName.strip()),
                limited(text(node, "externalId"), "externalId"),
                name instanceof ObjectNode n ? limited(text(n, "givenName"), "name.givenName") : null,
                name instanceof ObjectNode n ? limited(text(n, "familyName"), "name.familyName") : null,
                limited(text(node, "displayName"), "displayName"),
                bool(node.get("active"), "active", true));
    }

    static GroupInput groupInput(ObjectNode node) {
        String displayName = limited(text(node, "displayName"), "displayName");
        if (displayName == null || displayName.isBlank()) {
            throw ScimProblem.badRequest(BadRequestException.INVALID_VALUE, "displayName is required.");
        }
        List<UUID> members = new ArrayList<>();
        JsonNode list = node.get("members");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw ScimProblem.badRequest(BadRequestException.INVALID_VALUE, "members must be a list.");
            }
            for (JsonNode m : list) {
                String value = m.isObject() ? text((ObjectNode) m, "value") : null;
                UUID id = uuid(value);
                if (id == null) {
                    throw ScimProblem.badRequest(
                            BadRequestException.INVALID_VALUE, "A member's value must be the id of a User.");
                }
                if (!members.contains(id)) {
                    members.add(id);
                }
            }
        }
        return new GroupInput(displayName.strip(), limited(text(node, "externalId"), "externalId"), members);
    }

    static UserResource user(ScimStore.Person p, List<ScimStore.GroupRow> groups, String base) {
        ScimStore.UserRow row = p.row();
        UserResource user = new UserResource();
        user.setId(row.id().toString());
        user.setExternalId(row.externalId());
        user.setUserName(row.userName());
        if (row.givenName() != null || row.familyName() != null) {
            String formatted = String.join(
                            " ",
                            row.givenName() == null ? "" : row.givenName(),
                            row.familyName() == null ? "" : row.familyName())
                    .strip();
            user.setName(new Name()
                    .setGivenName(row.givenName())
                    .setFamilyName(row.familyName())
                    .setFormatted(formatted.isEmpty() ? null : formatted));
        }
        user.setDisplayName(row.displayName() != null ? row.displayName() : p.accountName());
        user.setActive(p.active());
        user.setEmails(
                List.of(new Email().setValue(row.userName()).setType("work").setPrimary(true)));
        if (!groups.isEmpty()) {
            user.setGroups(groups.stream()
                    .map(g -> new Group()
                            .setValue(g.id().toString())
                            .setDisplay(g.displayName())
                            .setType("direct")
                            .setRef(URI.create(base + "/Groups/" + g.id())))
                    .toList());
        }
        user.setMeta(meta("User", row.createdAt(), row.updatedAt(), base + "/Users/" + row.id()));
        return user;
    }

    static GroupResource group(ScimStore.GroupRow g, List<UUID> members, Map<UUID, String> userNames, String base) {
        GroupResource group = new GroupResource();
        group.setId(g.id().toString());
        group.setExternalId(g.externalId());
        group.setDisplayName(g.displayName());
        group.setMembers(members.stream()
                .map(m -> new Member()
                        .setValue(m.toString())
                        .setDisplay(userNames.get(m))
                        .setType("User")
                        .setRef(URI.create(base + "/Users/" + m)))
                .toList());
        group.setMeta(meta("Group", g.createdAt(), g.updatedAt(), base + "/Groups/" + g.id()));
        return group;
    }

    static ObjectNode node(Object resource) {
        return JsonUtils.valueToNode(resource);
    }

    /** Drops the attributes a client asked to leave out ({@code excludedAttributes}), never id or schemas. */
    static ObjectNode exclude(ObjectNode node, @Nullable String excluded) {
        if (excluded == null || excluded.isBlank()) {
            return node;
        }
        for (String a : excluded.split(",")) {
            String name = a.strip();
            int colon = name.lastIndexOf(':');
            if (colon >= 0) {
                name = name.substring(colon + 1);
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.isEmpty() && !lower.equals("id") && !lower.equals("schemas")) {
                node.remove(name);
            }
        }
        return node;
    }

    private static Meta meta(String type, OffsetDateTime created, OffsetDateTime updated, String location) {
        return new Meta()
                .setResourceType(type)
                .setCreated(calendar(created))
                .setLastModified(calendar(updated))
                .setLocation(URI.create(location));
    }

    private static Calendar calendar(OffsetDateTime t) {
        return GregorianCalendar.from(t.toZonedDateTime());
    }

    static @Nullable UUID uuid(@Nullable String s) {
        if (s == null) {
            return null;
        }
        try {
            return UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static @Nullable String text(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw ScimProblem.badRequest(BadRequestException.INVALID_VALUE, field + " must be a single value.");
        }
        return v.asText();
    }

    private static @Nullable String limited(@Nullable String value, String field) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.length() > MAX_TEXT) {
            throw ScimProblem.badRequest(
                    BadRequestException.INVALID_VALUE, field + " is longer than " + MAX_TEXT + " characters.");
        }
        return v.isEmpty() ? null : v;
    }

    /** A boolean, also as the strings "True"/"False" that Microsoft Entra ID sends in patches. */
    static boolean bool(@Nullable JsonNode v, String field, boolean absent) {
        if (v == null || v.isNull()) {
            return absent;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v instanceof TextNode t) {
            String s = t.asText().strip().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
            }
        }
        throw ScimProblem.badRequest(BadRequestException.INVALID_VALUE, field + " must be true or false.");
    }
}
