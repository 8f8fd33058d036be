package dev.vlmconsole.app.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;

/**
 * The SQL statements the calling thread runs through the application's jOOQ context while the log is
 * open (other threads, such as schedulers, are ignored). Close it to detach.
 */
public final class QueryLog implements AutoCloseable {

    private final Configuration configuration;
    private final ExecuteListenerProvider[] before;
    private final Thread thread = Thread.currentThread();
    private final List<String> statements = Collections.synchronizedList(new ArrayList<>());

    private QueryLog(DSLContext db) {
        this.configuration = db.configuration();
        this.before = configuration.executeListenerProviders();
        ExecuteListener listener = new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext ctx) {
                if (Thread.currentThread() == thread) {
                    String[] batch = ctx.batchSQL();
                    if (batch != null && batch.length > 0 && batch[0] != null) {
                        statements.addAll(Arrays.asList(batch));
                    } else {
                        statements.add(ctx.sql());
                    }
                }
            }
        };
        ExecuteListenerProvider[] with = Arrays.copyOf(before, before.length + 1);
        with[before.length] = new DefaultExecuteListenerProvider(listener);
        configuration.set(with);
    }

    /** Starts logging the statements this thread runs through {@code db}. */
    public static QueryLog open(DSLContext db) {
        return new QueryLog(db);
    }

    /** The statements whose SQL mentions {@code table} (case-insensitive), in order. */
    public List<String> on(String table) {
        String t = table.toLowerCase(Locale.ROOT);
        synchronized (statements) {
            return statements.stream()
                    .filter(s -> s.toLowerCase(Locale.ROOT).contains(t))
                    .toList();
        }
    }

    @Override
    public void close() {
        configuration.set(before);
    }
}
