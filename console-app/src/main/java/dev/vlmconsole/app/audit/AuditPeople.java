package dev.vlmconsole.app.audit;

import static dev.vlmconsole.app.db.Tables.AUDIT_PEOPLE;

import dev.vlmconsole.app.db.tables.records.AuditPeopleRecord;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people the audit log names (DD026): an entry never holds a person's name or email in clear,
 * but references to rows of {@code audit_people}, as tokens in its text ({@code actor_name},
 * {@code target}, {@code details}) and as {@code actor_person}. The hash chain covers the references;
 * names are resolved when the log is read, so erasing a person rewrites one row here and no entry.
 *
 * <p>A token is {@code U+E000}, a kind ({@code n}: "Name &lt;email&gt;", {@code e}: the email), the
 * row's id and {@code U+E001}. Those two private-use characters are removed from every text written,
 * so no text can forge a token that would show somebody else's email.
 */
@Component
public class AuditPeople {

    static final char OPEN = '\uE000';
    static final char CLOSE = '\uE001';
    private static final Pattern TOKEN = Pattern.compile(OPEN + "([ne])(\\d{1,18})" + CLOSE);
    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9._%+\\-]+@[A-Za-z0-9](?:[A-Za-z0-9\\-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9\\-]+)+");
    /** A whole text that names one person as {@code Name <email>}. */
    static final Pattern NAME_AND_EMAIL = Pattern.compile("^([^<>]{1,200}) <([^<>\\s]+@[^<>\\s]+)>$");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext db;
    private final Clock clock;

    AuditPeople(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A person as the log shows them. */
    record Person(String email, String name, String pseudonym) {

        String display() {
            if (pseudonym != null) {
                return pseudonym;
            }
            return name == null || name.isBlank() ? email : name + " <" + email + ">";
        }

        String emailOrPseudonym() {
            return pseudonym != null ? pseudonym : email;
        }
    }

    /**
     * The row of this email with this name (blank: the email alone), added if missing, in the
     * caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long reference(String email, String name) {
        String e = clean(email).trim().toLowerCase(Locale.ROOT);
        String n = name == null || name.isBlank() || name.trim().equalsIgnoreCase(e)
                ? ""
                : cut(clean(name).trim(), 200);
        Condition same = AUDIT_PEOPLE.EMAIL.eq(e).and(AUDIT_PEOPLE.DISPLAY_NAME.eq(n));
        Long id = db.select(AUDIT_PEOPLE.ID).from(AUDIT_PEOPLE).where(same).fetchOne(AUDIT_PEOPLE.ID);
        if (id != null) {
            return id;
        }
        db.insertInto(AUDIT_PEOPLE)
                .set(AUDIT_PEOPLE.EMAIL, e)
                .set(AUDIT_PEOPLE.DISPLAY_NAME, n)
                .onConflictDoNothing()
                .execute();
        return db.select(AUDIT_PEOPLE.ID).from(AUDIT_PEOPLE).where(same).fetchSingle(AUDIT_PEOPLE.ID);
    }

    /** The token that reads as "Name &lt;email&gt;" (or the pseudonym). */
    static String nameToken(long person) {
        return OPEN + "n" + person + CLOSE;
    }

    /** The token that reads as the email (or the pseudonym). */
    static String emailToken(long person) {
        return OPEN + "e" + person + CLOSE;
    }

    /**
     * {@code text} without token characters, cut to {@code max}, with every email replaced by its
     * token (a whole {@code Name <email>}, such as a member's label, by the person's token); never
     * longer than {@code max} and never ending inside a token.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String tokenize(String text, int max) {
        String t = cut(clean(text == null ? "" : text), max);
        Matcher whole = NAME_AND_EMAIL.matcher(t);
        if (whole.matches() && EMAIL.matcher(whole.group(2)).matches()) {
            // a person's label, "Name <email>": the name goes with the email
            return nameToken(reference(whole.group(2), whole.group(1)));
        }
        Matcher m = EMAIL.matcher(t);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(emailToken(reference(m.group(), ""))));
        }
        m.appendTail(out);
        if (out.length() <= max) {
            return out.toString();
        }
        String cut = out.substring(0, max);
        int open = cut.lastIndexOf(OPEN);
        return open >= 0 && cut.indexOf(CLOSE, open) < 0 ? cut.substring(0, open) : cut;
    }

    /** The people the tokens of these texts (and these actor references) name, by id. */
    Map<Long, Person> resolve(List<String> texts, Set<Long> references) {
        Set<Long> ids = new HashSet<>(references);
        for (String t : texts) {
            if (t != null && t.indexOf(OPEN) >= 0) {
                Matcher m = TOKEN.matcher(t);
                while (m.find()) {
                    ids.add(Long.parseLong(m.group(2)));
                }
            }
        }
        ids.remove(null);
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, Person> people = new HashMap<>();
        db.selectFrom(AUDIT_PEOPLE).where(AUDIT_PEOPLE.ID.in(ids)).forEach(r -> people.put(r.getId(), person(r)));
        return people;
    }

    /** {@code text} with its tokens replaced by what they name. */
    static String read(String text, Map<Long, Person> people) {
        if (text == null || text.indexOf(OPEN) < 0) {
            return text;
        }
        Matcher m = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Person p = people.get(Long.parseLong(m.group(2)));
            String shown = p == null ? "(unknown person)" : m.group(1).equals("n") ? p.display() : p.emailOrPseudonym();
            m.appendReplacement(out, Matcher.quoteReplacement(shown));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The ids of the people whose name, email or pseudonym contains {@code part} (lower case). */
    Select<Record1<Long>> matching(String part) {
        return DSL.select(AUDIT_PEOPLE.ID)
                .from(AUDIT_PEOPLE)
                .where(DSL.lower(AUDIT_PEOPLE.EMAIL)
                        .contains(part)
                        .or(DSL.lower(AUDIT_PEOPLE.DISPLAY_NAME).contains(part))
                        .or(DSL.lower(AUDIT_PEOPLE.PSEUDONYM).contains(part)));
    }

    /** A new pseudonym, such as {@code Erased person 7f3a}. */
    String newPseudonym() {
        return "Erased person " + HexFormat.of().toHexDigits((short) RANDOM.nextInt(1 << 16));
    }

    /**
     * Replaces every row of this email by {@code pseudonym}, in the caller's transaction: email and
     * name are gone from the database, and every reference reads as the pseudonym.
     *
     * @return the pseudonym and how many rows it replaced (none: the log never named the email)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Erasure erase(String email, String pseudonym) {
        String e = email.trim().toLowerCase(Locale.ROOT);
        int rows = db.update(AUDIT_PEOPLE)
                .setNull(AUDIT_PEOPLE.EMAIL)
                .setNull(AUDIT_PEOPLE.DISPLAY_NAME)
                .set(AUDIT_PEOPLE.PSEUDONYM, pseudonym)
                .set(AUDIT_PEOPLE.ERASED_AT, OffsetDateTime.now(clock))
                .where(DSL.lower(AUDIT_PEOPLE.EMAIL).eq(e))
                .execute();
        return new Erasure(pseudonym, rows);
    }

    /** What an erasure did. */
    public record Erasure(String pseudonym, int references) {}

    private static Person person(AuditPeopleRecord r) {
        return new Person(r.getEmail(), r.getDisplayName(), r.getPseudonym());
    }

    /** Without the token characters. */
    static String clean(String s) {
        return s.indexOf(OPEN) < 0 && s.indexOf(CLOSE) < 0
                ? s
                : s.replace(String.valueOf(OPEN), "").replace(String.valueOf(CLOSE), "");
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
