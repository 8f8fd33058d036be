package dev.vlmconsole.app.maintenance;

import dev.vlmconsole.app.modules.PluginLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The jar's maintenance commands, run by {@code java -jar console.jar <command> ...} in place of the console
 * (the launcher hands them over before anything of Spring starts): {@code move-to-postgres} and
 * {@code restore-h2}. Each prints what it does and exits non-zero on any problem. See
 * docs/decisions/DD031-backups-and-moving-to-postgres.md.
 */
public final class MaintenanceCommands {

    /** {@code move-to-postgres}: the H2 install to an empty PostgreSQL database. */
    public static final String MOVE_TO_POSTGRES = "move-to-postgres";

    /** {@code restore-h2}: the H2 database file from a backup zip. */
    public static final String RESTORE_H2 = "restore-h2";

    private static final Set<String> COMMANDS = Set.of(MOVE_TO_POSTGRES, RESTORE_H2);

    private MaintenanceCommands() {}

    /** Whether the arguments name a maintenance command (the first argument, without dashes). */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** Runs the command the arguments name; the process's exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        try {
            options = options(Arrays.copyOfRange(args, 1, args.length));
            return switch (args[0]) {
                case MOVE_TO_POSTGRES -> moveToPostgres(options, out);
                case RESTORE_H2 -> restoreH2(options, out);
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            };
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(usage());
            return 2;
        } catch (MoveToPostgres.MoveException | H2Backups.BackupException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("error: " + e);
            return 1;
        }
    }

    static String usage() {
        return """
                usage:
                  java -jar console.jar move-to-postgres --to jdbc:postgresql://HOST:5432/DB --user USER \
                [--password-file FILE] [--data-dir DIR] [--plugins-dir DIR]
                  java -jar console.jar restore-h2 --from BACKUP.zip [--data-dir DIR]
                The data folder defaults to $CONSOLE_DATA_DIR or ./data; the password to $SPRING_DATASOURCE_PASSWORD.""";
    }

    private static int moveToPostgres(Map<String, String> options, PrintStream out) throws IOException {
        String url = required(options, "to");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--to must be a jdbc:postgresql: URL");
        }
        Path dataDir = dataDir(options);
        Path file = dataDir.resolve(H2Backups.DATABASE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no H2 database at " + file + " (--data-dir)");
        }
        if (H2Backups.inUse(file)) {
            throw new MoveToPostgres.MoveException(
                    "A console is running on " + file + ": stop it (every node), then move the database.");
        }
        JdbcDataSource source = new JdbcDataSource();
        source.setURL("jdbc:h2:file:" + dataDir.resolve("console") + ";IFEXISTS=TRUE");
        source.setUser(options.getOrDefault("source-user", "sa"));
        source.setPassword(options.getOrDefault("source-password", ""));
        PGSimpleDataSource target = new PGSimpleDataSource();
        target.setURL(url);
        target.setUser(required(options, "user"));
        String password = password(options);
        if (password != null) {
            target.setPassword(password);
        }
        String[] pluginArgs = options.containsKey("plugins-dir")
                ? new String[] {"--console.plugins-dir=" + options.get("plugins-dir")}
                : new String[] {"--console.data-dir=" + dataDir};
        ClassLoader loader = PluginLoader.classLoaderFor(
                PluginLoader.pluginsDirectory(pluginArgs), MaintenanceCommands.class.getClassLoader());
        out.printf("Moving %s to %s as %s%n", file, url, target.getUser());
        MoveToPostgres.Summary summary = new MoveToPostgres(source, target, loader, out).run();
        MoveToPostgres.print(summary, out);
        if (summary.ok()) {
            out.println("Start the console with SPRING_DATASOURCE_URL=" + url
                    + " (and its user and password); keep the H2 file until you have checked it.");
        }
        return summary.ok() ? 0 : 1;
    }

    private static int restoreH2(Map<String, String> options, PrintStream out) throws IOException {
        Path zip = Path.of(required(options, "from"));
        Path dataDir = dataDir(options);
        Path kept = H2Backups.restore(zip, dataDir);
        out.printf("Restored %s from %s%n", dataDir.resolve(H2Backups.DATABASE_FILE), zip);
        if (kept != null) {
            out.printf("The database it replaced is kept as %s%n", kept);
        }
        return 0;
    }

    private static Path dataDir(Map<String, String> options) {
        String dir = options.get("data-dir");
        if (dir == null) {
            dir = System.getenv("CONSOLE_DATA_DIR");
        }
        return Path.of(dir == null || dir.isBlank() ? "./data" : dir)
                .toAbsolutePath()
                .normalize();
    }

    private static @Nullable String password(Map<String, String> options) throws IOException {
        String file = options.get("password-file");
        if (file != null) {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        }
        return System.getenv("SPRING_DATASOURCE_PASSWORD");
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    /** {@code --name value} and {@code --name=value} pairs. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> list = Arrays.asList(args);
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < list.size()) {
                options.put(arg.substring(2), list.get(++i));
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
        }
        return options;
    }
}
