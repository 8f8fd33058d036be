package dev.vlmconsole.billing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.LongStream;

/**
 * Plain JUnit property runs without a property-testing library (DD025): seeds derived from one base
 * seed, a failure reported with its seed and steps, shrunk by dropping steps while it still fails.
 *
 * <p>Replay one sequence with {@code -Dbilling.property.seed=<seed>} (the seed the failure printed);
 * that runs only that seed.
 */
public final class PropertyRuns {

    /** The system property that makes a property test run only the seed it names. */
    public static final String SEED_PROPERTY = "billing.property.seed";

    /** Most runs a shrink may make: it stays cheap even for a slow property. */
    private static final int MAX_SHRINK_RUNS = 150;

    private PropertyRuns() {}

    /**
     * The seeds of one run: {@code count} seeds drawn from {@code base}, or only the one of
     * {@code -Dbilling.property.seed} when it is set.
     */
    public static LongStream seeds(long base, int count) {
        String one = System.getProperty(SEED_PROPERTY);
        if (one != null && !one.isBlank()) {
            return LongStream.of(Long.parseLong(one.strip()));
        }
        SplittableRandom random = new SplittableRandom(base);
        return LongStream.generate(random::nextLong).limit(count);
    }

    /**
     * Runs {@code property} over {@code steps}; when it fails, drops steps one at a time while it still
     * fails, and throws an error naming the seed, the shrunk steps and all the steps. {@code property}
     * must start from a fresh state on each call (a new workspace, a new clock).
     */
    public static <S> void check(long seed, List<S> steps, Consumer<List<S>> property) {
        Throwable failure = failureOf(property, steps);
        if (failure == null) {
            return;
        }
        List<S> smallest = steps;
        Throwable smallestFailure = failure;
        int runs = 0;
        boolean dropped = true;
        while (dropped && runs < MAX_SHRINK_RUNS) {
            dropped = false;
            for (int i = smallest.size() - 1; i >= 0 && runs < MAX_SHRINK_RUNS; i--) {
                List<S> fewer = new ArrayList<>(smallest);
                fewer.remove(i);
                runs++;
                Throwable f = fewer.isEmpty() ? null : failureOf(property, fewer);
                if (f != null) {
                    smallest = fewer;
                    smallestFailure = f;
                    dropped = true;
                }
            }
        }
        AssertionError error = new AssertionError(
                "Property failed for seed " + seed + " (replay with -D"
                        + SEED_PROPERTY + "=" + seed + ")\n"
                        + "shrunk to " + smallest.size() + " of " + steps.size() + " steps (" + runs
                        + " shrink runs):\n"
                        + numbered(smallest)
                        + "failure of the shrunk steps: " + smallestFailure + "\n"
                        + "all steps:\n" + numbered(steps)
                        + "failure of all steps: " + failure,
                smallestFailure);
        error.addSuppressed(failure);
        throw error;
    }

    private static <S> Throwable failureOf(Consumer<List<S>> property, List<S> steps) {
        try {
            property.accept(steps);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }

    private static String numbered(List<?> steps) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            b.append("  ").append(i + 1).append(". ").append(steps.get(i)).append('\n');
        }
        return b.toString();
    }
}
