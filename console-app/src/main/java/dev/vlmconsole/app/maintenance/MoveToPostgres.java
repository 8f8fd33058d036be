package dev.vlmconsole.app.maintenance;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Moves an install from its H2 file to an empty PostgreSQL database with nothing lost: every module's
 * migrations run on the target up to the version the H2 database has, every table of every module is
 * copied in foreign-key order in batches inside one transaction, identity sequences are set past the
 * copied ids, and each table's row count and content checksum are compared on both sides. Any
 * difference is an error, and the target's transaction is rolled back when it is found before the
 * commit. See docs/decisions/DD031-backups-and-moving-to-postgres.md.
 *
 * <p>The source is opened as the console opens it (H2's file lock), so a console running on the file
 * makes the move stop at once, and a console cannot start on it during the move.
 */
public final class MoveToPostgres {

    /** Rows per insert batch. */
    static final int BATCH = 1000;

    private static final String HISTORY_PREFIX = "flyway_schema_history_";

    private final DataSource source;
    private final DataSource target;
    private final ClassLoader classLoader;
    private final PrintStream out;

    public MoveToPostgres(DataSource source, DataSource target, ClassLoader classLoader, PrintStream out) {
        this.source = source;
        this.target = target;
        this.classLoader = classLoader;
        this.out = out;
    }

    /** One table's outcome: rows and checksums on both sides. */
    public record TableResult(
            String table, long sourceRows, long targetRows, String sourceChecksum, String targetChecksum) {
        public boolean equal() {
            return sourceRows == targetRows && sourceChecksum.equals(targetChecksum);
        }
    }

    /** What a move did. */
    public record Summary(List<String> modules, List<TableResult> tables) {
        public boolean ok() {
            return tables.stream().allMatch(TableResult::equal);
        }

        public long rows() {
            return tables.stream().mapToLong(TableResult::targetRows).sum();
        }
    }

    /** A move that cannot start or cannot finish: the message says why, in plain words. */
    public static final class MoveException extends RuntimeException {
        public MoveException(String message) {
            super(message);
        }

        public MoveException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A module's migrations as the H2 database has them. */
    record Module(String id, String table, List<Applied> applied) {
        MigrationVersion lastVersion() {
            return applied.stream()
                    .filter(a -> a.version() != null)
                    .map(a -> MigrationVersion.fromVersion(a.version()))
                    .max(Comparator.naturalOrder())
                    .orElse(MigrationVersion.fromVersion("0"));
        }
    }

    /** One applied migration (baselines and markers left out: each database gets its own). */
    record Applied(String version, String description, Integer checksum) {}

    /** Runs the move; the summary says whether every table is equal. */
    public Summary run() {
        try (Connection from = openSource();
                Connection to = target.getConnection()) {
            from.setReadOnly(true);
            refuseNonEmpty(to);
            List<Module> modules = modules(from);
            out.printf(
                    "Modules: %s%n",
                    String.join(", ", modules.stream().map(Module::id).toList()));
            for (Module module : modules) {
                migrate(module);
                compareHistory(module, to);
            }
            List<String> tables = copyOrder(from, to);
            to.setAutoCommit(false);
            List<TableResult> results = new ArrayList<>();
            try {
                // rows the migrations themselves wrote (seeds such as first_run_lock's) are in the source
                // too, as they are now: the copy replaces them, children first
                for (String table : tables.reversed()) {
                    try (Statement s = to.createStatement()) {
                        int seeded = s.executeUpdate("delete from " + table);
                        if (seeded > 0) {
                            out.printf("  %-40s %,12d rows of its migrations replaced by the copy%n", table, seeded);
                        }
                    }
                }
                for (String table : tables) {
                    long copied = copy(from, to, table);
                    out.printf("  %-40s %,12d rows copied%n", table, copied);
                }
                resetIdentities(to, tables);
                for (String table : tables) {
                    results.add(compare(from, to, table));
                }
                if (results.stream().allMatch(TableResult::equal)) {
                    to.commit();
                } else {
                    to.rollback();
                }
            } catch (SQLException | RuntimeException e) {
                to.rollback();
                throw e;
            }
            return new Summary(modules.stream().map(Module::id).toList(), results);
        } catch (SQLException e) {
            throw new MoveException("The move failed: " + e.getMessage(), e);
        }
    }

    private Connection openSource() {
        try {
            return source.getConnection();
        } catch (SQLException e) {
            // H2's DATABASE_ALREADY_OPEN_1: another process (the console) holds the file
            if (e.getErrorCode() == 90020 || String.valueOf(e.getMessage()).contains("already in use")) {
                throw new MoveException(
                        "The H2 database is in use: stop the console that runs on it, then move it.", e);
            }
            throw new MoveException("Cannot open the H2 database: " + e.getMessage(), e);
        }
    }

    private static void refuseNonEmpty(Connection to) throws SQLException {
        try (Statement s = to.createStatement();
                ResultSet rs = s.executeQuery(
                        "select count(*) from information_schema.tables" + " where table_schema = current_schema")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                throw new MoveException("The target database is not empty (" + rs.getLong(1)
                        + " tables): move into a new, empty database.");
            }
        }
    }

    /** The source's modules, core first, then in the order they were first migrated (their dependency order). */
    List<Module> modules(Connection from) throws SQLException {
        Map<String, String> historyTables = new TreeMap<>();
        for (String table : tables(from)) {
            if (table.startsWith(HISTORY_PREFIX)) {
                historyTables.put(table.substring(HISTORY_PREFIX.length()), table);
            }
        }
        if (!historyTables.containsKey("core")) {
            throw new MoveException("The H2 database has no console schema (no " + HISTORY_PREFIX
                    + "core): is it the console's database?");
        }
        Map<String, Timestamp> firstInstalled = new HashMap<>();
        List<Module> modules = new ArrayList<>();
        for (Map.Entry<String, String> e : historyTables.entrySet()) {
            List<Applied> applied = new ArrayList<>();
            String sql = "select * from " + quoted(from, e.getValue()) + " order by 1"; // installed_rank
            try (Statement s = from.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    if (!rs.getBoolean("success")) {
                        throw new MoveException("Module " + e.getKey() + " has a failed migration ("
                                + rs.getString("version") + "): repair the H2 database before moving it.");
                    }
                    if (!firstInstalled.containsKey(e.getKey())) {
                        firstInstalled.put(e.getKey(), rs.getTimestamp("installed_on"));
                    }
                    if (isMigration(rs.getString("type"), rs.getString("version"))) {
                        Integer checksum = (Integer) rs.getObject("checksum");
                        applied.add(new Applied(rs.getString("version"), rs.getString("description"), checksum));
                    }
                }
            }
            modules.add(new Module(e.getKey(), HISTORY_PREFIX + e.getKey(), applied));
        }
        modules.sort(Comparator.<Module>comparingInt(m -> m.id().equals("core") ? 0 : 1)
                .thenComparing(m -> firstInstalled.get(m.id()), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Module::id));
        return modules;
    }

    /** A history row of a migration (not a baseline, nor H2's "schema created" marker). */
    private static boolean isMigration(String type, String version) {
        return version != null && !"BASELINE".equals(type) && !"SCHEMA".equals(type);
    }

    /** The module's migrations on the target, as ModuleMigrations runs them, up to the source's version. */
    private void migrate(Module module) {
        String location = "classpath:db/migration/" + module.id();
        if (classLoader.getResource("db/migration/" + module.id()) == null) {
            throw new MoveException("Module " + module.id() + " is in the H2 database but not in this console" + " (no "
                    + location + "): put its jar in the plugins folder (--plugins-dir) and run again.");
        }
        Flyway.configure(classLoader)
                .dataSource(target)
                .locations(location)
                .table(module.table())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .target(module.lastVersion())
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    /** The target must now have exactly the migrations the source has, with the same checksums. */
    private static void compareHistory(Module module, Connection to) throws SQLException {
        List<Applied> applied = new ArrayList<>();
        try (Statement s = to.createStatement();
                ResultSet rs = s.executeQuery("select version, description, checksum, type from " + module.table()
                        + " order by installed_rank")) {
            while (rs.next()) {
                if (isMigration(rs.getString(4), rs.getString(1))) {
                    applied.add(new Applied(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3)));
                }
            }
        }
        if (!applied.equals(module.applied())) {
            throw new MoveException("Module " + module.id() + ": the H2 database's migrations " + module.applied()
                    + " are not this console's " + applied
                    + ". Start and stop the console once with this version on H2, then move.");
        }
    }

    /** Every table of the source but the migration histories, parents before children (the target's foreign keys). */
    private static List<String> copyOrder(Connection from, Connection to) throws SQLException {
        Set<String> tables = new TreeSet<>();
        for (String table : tables(from)) {
            if (!table.startsWith(HISTORY_PREFIX)) {
                tables.add(table);
            }
        }
        Set<String> onTarget = new TreeSet<>(tables(to));
        for (String table : tables) {
            if (!onTarget.contains(table)) {
                throw new MoveException("Table " + table + " of the H2 database has no counterpart on PostgreSQL.");
            }
        }
        Map<String, Set<String>> parents = new TreeMap<>();
        tables.forEach(t -> parents.put(t, new TreeSet<>()));
        try (Statement s = to.createStatement();
                ResultSet rs = s.executeQuery("select child.relname, parent.relname from pg_constraint c"
                        + " join pg_class child on child.oid = c.conrelid"
                        + " join pg_class parent on parent.oid = c.confrelid"
                        + " join pg_namespace n on n.oid = child.relnamespace"
                        + " where c.contype = 'f' and n.nspname = current_schema")) {
            while (rs.next()) {
                String child = rs.getString(1);
                String parent = rs.getString(2);
                if (parents.containsKey(child) && !child.equals(parent)) {
                    parents.get(child).add(parent);
                }
            }
        }
        List<String> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(parents.keySet());
        int guard = 0;
        while (!pending.isEmpty()) {
            String t = pending.removeFirst();
            if (done.containsAll(
                    parents.get(t).stream().filter(parents::containsKey).toList())) {
                done.add(t);
                order.add(t);
                guard = 0;
            } else {
                pending.addLast(t);
                if (++guard > pending.size() + 1) {
                    throw new MoveException("The foreign keys between " + pending + " form a cycle.");
                }
            }
        }
        return order;
    }

    /** Lower-case names of the tables of the connection's current schema. */
    private static List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select table_name from information_schema.tables"
                        + " where table_schema = current_schema and table_type in ('BASE TABLE', 'TABLE')")) {
            while (rs.next()) {
                names.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /** The table's name as the source spells it (H2 upper-cases unquoted names, Flyway quotes its own). */
    private static String quoted(Connection c, String lowerName) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select table_name from information_schema.tables"
                + " where table_schema = current_schema and lower(table_name) = ?")) {
            s.setString(1, lowerName);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new MoveException("No table " + lowerName);
                }
                return '"' + rs.getString(1) + '"';
            }
        }
    }

    /** Column names of a table as the database spells them, in order. */
    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select column_name from information_schema.columns"
                + " where table_schema = current_schema and lower(table_name) = ? order by ordinal_position")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    /** The quoted column lists of a table on the source and on the target, in the source's order. */
    private static String[] columnLists(Connection from, Connection to, String table) throws SQLException {
        List<String> columns = columns(from, table);
        Map<String, String> targetColumns = new HashMap<>();
        for (String c : columns(to, table)) {
            targetColumns.put(c.toLowerCase(Locale.ROOT), c);
        }
        Set<String> sourceLower = new TreeSet<>(
                columns.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList());
        if (!sourceLower.equals(new TreeSet<>(targetColumns.keySet()))) {
            throw new MoveException("Table " + table + " has columns " + sourceLower + " on H2 but "
                    + new TreeSet<>(targetColumns.keySet()) + " on PostgreSQL.");
        }
        return new String[] {
            String.join(", ", columns.stream().map(c -> '"' + c + '"').toList()),
            String.join(
                    ", ",
                    columns.stream()
                            .map(c -> '"' + targetColumns.get(c.toLowerCase(Locale.ROOT)) + '"')
                            .toList()),
            String.valueOf(columns.size())
        };
    }

    private long copy(Connection from, Connection to, String table) throws SQLException {
        String[] lists = columnLists(from, to, table);
        int count = Integer.parseInt(lists[2]);
        String select = "select " + lists[0] + " from " + quoted(from, table);
        String insert = "insert into " + table + " (" + lists[1] + ") overriding system value values ("
                + String.join(", ", Collections.nCopies(count, "?")) + ")";
        long rows = 0;
        try (Statement s = from.createStatement()) {
            s.setFetchSize(BATCH);
            try (ResultSet rs = s.executeQuery(select);
                    PreparedStatement ins = to.prepareStatement(insert)) {
                int inBatch = 0;
                while (rs.next()) {
                    for (int i = 1; i <= count; i++) {
                        ins.setObject(i, plain(typed(rs, i)));
                    }
                    ins.addBatch();
                    rows++;
                    if (++inBatch == BATCH) {
                        ins.executeBatch();
                        inBatch = 0;
                    }
                }
                if (inBatch > 0) {
                    ins.executeBatch();
                }
            }
        }
        return rows;
    }

    /** Large objects as bytes and text; everything else as the driver gives it. */
    private static Object plain(Object value) throws SQLException {
        if (value instanceof Blob blob) {
            return blob.getBytes(1, Math.toIntExact(blob.length()));
        }
        if (value instanceof Clob clob) {
            return clob.getSubString(1, Math.toIntExact(clob.length()));
        }
        return value;
    }

    /** Identity columns continue after the highest id copied. */
    private void resetIdentities(Connection to, List<String> tables) throws SQLException {
        for (String table : tables) {
            List<String> identity = new ArrayList<>();
            try (PreparedStatement s = to.prepareStatement("select column_name from information_schema.columns"
                    + " where table_schema = current_schema and table_name = ?"
                    + " and (is_identity = 'YES' or column_default like 'nextval(%')")) {
                s.setString(1, table);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        identity.add(rs.getString(1));
                    }
                }
            }
            for (String column : identity) {
                try (Statement s = to.createStatement();
                        ResultSet rs = s.executeQuery("select setval(pg_get_serial_sequence('" + table + "', '" + column
                                + "'), coalesce((select max(" + column + ") from " + table + "), 0) + 1, false)")) {
                    rs.next();
                    out.printf("  %-40s identity %s continues at %d%n", table, column, rs.getLong(1));
                }
            }
        }
    }

    private TableResult compare(Connection from, Connection to, String table) throws SQLException {
        String[] lists = columnLists(from, to, table);
        Checksum a = checksum(from, "select " + lists[0] + " from " + quoted(from, table));
        Checksum b = checksum(to, "select " + lists[1] + " from " + table);
        return new TableResult(table, a.rows, b.rows, a.hex(), b.hex());
    }

    /**
     * An order-free checksum of a table's content: the sum (mod 2^128) of the SHA-256 prefixes of each row's
     * canonical text, so that both databases may return rows in any order.
     */
    private static Checksum checksum(Connection c, String sql) throws SQLException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Checksum sum = new Checksum();
        try (Statement s = c.createStatement()) {
            s.setFetchSize(BATCH);
            try (ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData meta = rs.getMetaData();
                StringBuilder row = new StringBuilder();
                while (rs.next()) {
                    row.setLength(0);
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.append(canonical(rs, i)).append('\u0001');
                    }
                    byte[] hash = sha.digest(row.toString().getBytes(StandardCharsets.UTF_8));
                    sum.add(hash);
                }
            }
        }
        return sum;
    }

    /**
     * A column's value in the same Java type on H2 and PostgreSQL: times with a zone as
     * {@link OffsetDateTime}, without as {@link LocalDateTime}, dates as {@link LocalDate} (PostgreSQL's
     * driver gives {@code Timestamp} for both kinds of time, H2 an {@code OffsetDateTime} for one).
     */
    static Object typed(ResultSet rs, int column) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int type = meta.getColumnType(column);
        String name = meta.getColumnTypeName(column).toLowerCase(Locale.ROOT);
        if (type == Types.TIMESTAMP_WITH_TIMEZONE || name.equals("timestamptz") || name.contains("with time zone")) {
            return rs.getObject(column, OffsetDateTime.class);
        }
        if (type == Types.TIMESTAMP) {
            return rs.getObject(column, LocalDateTime.class);
        }
        if (type == Types.DATE) {
            return rs.getObject(column, LocalDate.class);
        }
        return rs.getObject(column);
    }

    /** The same text for the same value of a column on H2 and on PostgreSQL. */
    static String canonical(ResultSet rs, int column) throws SQLException {
        return canonical(typed(rs, column));
    }

    /** The same text for the same value on H2 and on PostgreSQL. */
    static String canonical(Object value) throws SQLException {
        Object v = plain(value);
        if (v == null) {
            return "\u0000null";
        }
        if (v instanceof byte[] bytes) {
            return "x" + HexFormat.of().formatHex(bytes);
        }
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Number n) {
            return n instanceof Double || n instanceof Float
                    ? BigDecimal.valueOf(n.doubleValue()).stripTrailingZeros().toPlainString()
                    : new BigDecimal(n.toString()).toPlainString();
        }
        if (v instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (v instanceof ZonedDateTime t) {
            return t.toInstant().toString();
        }
        if (v instanceof Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (v instanceof Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof Time t) {
            return t.toLocalTime().toString();
        }
        if (v instanceof LocalDateTime || v instanceof LocalDate || v instanceof LocalTime) {
            return v.toString();
        }
        return Objects.toString(v);
    }

    /** Rows and the running sum of their hashes. */
    private static final class Checksum {
        long rows;
        long high;
        long low;

        void add(byte[] hash) {
            long h = 0;
            long l = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (hash[i] & 0xff);
                l = (l << 8) | (hash[i + 8] & 0xff);
            }
            long newLow = low + l;
            high += h + (Long.compareUnsigned(newLow, low) < 0 ? 1 : 0);
            low = newLow;
            rows++;
        }

        String hex() {
            return String.format("%016x%016x", high, low);
        }
    }

    /** The summary as a table for the operator, with a last line saying whether everything is equal. */
    public static void print(Summary summary, PrintStream out) {
        Map<String, TableResult> byTable = new LinkedHashMap<>();
        summary.tables().forEach(t -> byTable.put(t.table(), t));
        out.println();
        out.printf("%-40s %12s %12s  %s%n", "table", "H2 rows", "PG rows", "content");
        for (TableResult t : byTable.values()) {
            out.printf(
                    "%-40s %,12d %,12d  %s%n",
                    t.table(),
                    t.sourceRows(),
                    t.targetRows(),
                    t.equal() ? "equal (" + t.targetChecksum() + ")" : "DIFFERENT");
        }
        out.println();
        if (summary.ok()) {
            out.printf(
                    "Moved %,d rows of %d tables (modules %s): every table is equal.%n",
                    summary.rows(), summary.tables().size(), String.join(", ", summary.modules()));
        } else {
            out.println("Some tables differ: nothing was committed on PostgreSQL.");
        }
    }
}
