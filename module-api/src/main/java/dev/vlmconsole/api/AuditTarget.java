package dev.vlmconsole.api;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an audit entry is about: a type, an id and a label. The log finds an entry again by type
 * and id ({@link AuditLog#historyOf(AuditTarget, int)}), the audit log page filters by type, and
 * people read the label. None of the three may hold a secret (password, API key, token).
 *
 * <p>Name a type after what it is, once, and never rename it (entries keep the type they were
 * written with):
 * <ul>
 *   <li>a thing only your module has: {@code <module id>.<thing>}, such as {@code webhooks.endpoint};</li>
 *   <li>a thing the console or a well-known module owns, which any module may write about: the
 *       short words {@link #API_KEY}, {@link #USER}, {@link #WORKSPACE}.</li>
 * </ul>
 * The id is the thing's stable identifier (a UUID as text, usually), not its name: names change,
 * and a renamed thing keeps its history. The label is the name as it was when the entry was
 * written, for people; it never takes part in a match. The console shows a readable name for
 * each type its modules declare in {@link ConsoleModule#auditTargetTypes()}.
 *
 * @param type  lower case letters, digits and underscores, starting with a letter, with at most
 *              one dot: {@code <module>.<thing>} or a short word; at most {@value #MAX_TYPE_LENGTH}
 *              characters. {@code none} is reserved for {@link #NONE}.
 * @param id    the thing's identifier, not blank, at most {@value #MAX_ID_LENGTH} characters
 *              (surrounding white space is removed)
 * @param label the thing as people know it, such as a key's name and prefix; when null or
 *              blank, {@code "<type> <id>"}; cut to {@value #MAX_LABEL_LENGTH} characters
 * @see AuditLog#record(String, AuditTarget, String)
 * @see "DD009: docs/decisions/DD009-typed-audit-targets.md"
 * @since 1.1
 */
public record AuditTarget(String type, String id, String label) {

    /** An API key of the keys module; the id is the key's id, never its secret or hash. */
    public static final String API_KEY = "api_key";
    /** A person; the id is their user id. */
    public static final String USER = "user";
    /** A workspace; the id is its id. */
    public static final String WORKSPACE = "workspace";
    /** A 1.0 target string of no recognised shape; the id is the whole string. */
    public static final String OTHER = "other";

    public static final int MAX_TYPE_LENGTH = 64;
    public static final int MAX_ID_LENGTH = 300;
    public static final int MAX_LABEL_LENGTH = 300;

    private static final String NONE_TYPE = "none";
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)?");

    /**
     * No particular thing, for entries about the install or the workspace as a whole; its label is
     * empty and {@link AuditLog#historyOf(AuditTarget, int)} finds nothing for it.
     */
    public static final AuditTarget NONE = new AuditTarget(NONE_TYPE, NONE_TYPE, "");

    public AuditTarget {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        if (type.length() > MAX_TYPE_LENGTH || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("Audit target type must be lower case <module>.<thing> or a short word"
                    + " such as api_key: " + type);
        }
        id = id.strip();
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    "Audit target id must not be blank nor longer than " + MAX_ID_LENGTH + " characters");
        }
        if (type.equals(NONE_TYPE)) {
            if (!id.equals(NONE_TYPE) || (label != null && !label.isBlank())) {
                throw new IllegalArgumentException("The audit target type 'none' is reserved for AuditTarget.NONE");
            }
            label = "";
        } else {
            label = label == null || label.isBlank() ? type + " " + id : cut(label.strip(), MAX_LABEL_LENGTH);
        }
    }

    /** A target whose label is {@code "<type> <id>"}. */
    public static AuditTarget of(String type, String id) {
        return new AuditTarget(type, id, null);
    }

    /** A target identified by a UUID, such as a row of the module's own table. */
    public static AuditTarget of(String type, UUID id, @Nullable String label) {
        return new AuditTarget(type, Objects.requireNonNull(id, "id").toString(), label);
    }

    /** An API key, labelled with what people recognise it by (name and display prefix, never the secret). */
    public static AuditTarget apiKey(UUID keyId, @Nullable String label) {
        return of(API_KEY, keyId, label);
    }

    /** A person, labelled with their name or email. */
    public static AuditTarget user(UUID userId, @Nullable String label) {
        return of(USER, userId, label);
    }

    /** A workspace, labelled with its name. */
    public static AuditTarget workspace(UUID workspaceId, @Nullable String label) {
        return of(WORKSPACE, workspaceId, label);
    }

    /**
     * The typed form of a module-api 1.0 target string, whose label is the string itself. The
     * shapes 1.0's callers wrote are recognised: {@code api_key:<id>} (type {@link #API_KEY}),
     * {@code user <id or email>} ({@link #USER}), {@code workspace <name>} ({@link #WORKSPACE}),
     * {@code endpoint <id>} ({@code webhooks.endpoint}); any other string becomes type
     * {@link #OTHER} with the whole string as id, and a blank one {@link #NONE}. The console maps
     * the entries it stored before 1.1 the same way.
     */
    public static AuditTarget fromLegacy(@Nullable String target) {
        if (target == null || target.isBlank()) {
            return NONE;
        }
        String s = cut(target.strip(), MAX_ID_LENGTH);
        String[][] shapes = {
            {"api_key:", API_KEY}, {"user ", USER}, {"workspace ", WORKSPACE}, {"endpoint ", "webhooks.endpoint"}
        };
        for (String[] shape : shapes) {
            if (s.startsWith(shape[0]) && !s.substring(shape[0].length()).isBlank()) {
                return new AuditTarget(shape[1], s.substring(shape[0].length()), s);
            }
        }
        return new AuditTarget(OTHER, s, s);
    }

    /** Whether this is {@link #NONE}. */
    public boolean isNone() {
        return type.equals(NONE_TYPE);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
