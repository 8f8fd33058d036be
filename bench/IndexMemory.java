import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vlmconsole.keys.verify.KeyState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rough heap cost per key of the verifier's memory (DD003): the index of stored hashes (a
 * ConcurrentHashMap key set of 64-character hex strings) and one cached state (Caffeine entry:
 * hash, KeyState with three UUIDs, a name and a scope). Used heap after full GCs, before and after
 * N entries, divided by N. Run from the repository root after a build:
 * java -XX:+UseSerialGC -Xmx2g -cp "$(ls ~/.m2/repository/com/github/ben-manes/caffeine/caffeine/3.*\/caffeine-3.*.jar | tail -1):module-keys/target/classes" bench/IndexMemory.java 400000
 */
public class IndexMemory {

    static long used() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** A hash with its own byte array, as one read from the database or computed for a request is. */
    static String hash(int i) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(("key-" + i).getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(digest);
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        long before = used();
        Set<String> index = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < n; i++) {
            index.add(hash(i));
        }
        long withIndex = used();
        Cache<String, KeyState> states = Caffeine.newBuilder().maximumSize(n).expireAfterWrite(Duration.ofMinutes(10))
                .executor(Runnable::run).build();
        for (int i = 0; i < n; i++) {
            states.put(hash(i), new KeyState(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                    "Production ingest " + i, new String("inference"), null, null, null));
        }
        states.cleanUp();
        long withStates = used();
        System.out.printf("%d keys: index %.0f bytes per hash, cached state %.0f bytes per key%n", n,
                (withIndex - before) / (double) n, (withStates - withIndex) / (double) n);
        if (index.size() + states.estimatedSize() < 0) {
            System.out.println("keeps both alive until here");
        }
    }
}
