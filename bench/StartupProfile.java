import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.core.metrics.StartupStep;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Where the console's start-up goes, by Spring's own start-up steps (BufferingApplicationStartup): self and
 * inclusive time of each step (bean instantiations, configuration parsing, web server creation...).
 * Starts the console like ConsoleApplication does (without plugins) and prints lines starting with PROF once
 * it is ready; add -Dprof.exit to stop it then. Run from the extracted jar (see bench/RESULTS.md):
 *   java -Djarmode=tools -jar console-app/target/console.jar extract --destination /tmp/app
 *   CONSOLE_DATA_DIR=$(mktemp -d) java -Dprof.exit -cp /tmp/app/console.jar bench/StartupProfile.java
 */
public class StartupProfile {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        Class<?> main = Class.forName("dev.vlmconsole.app.ConsoleApplication");
        BufferingApplicationStartup st = new BufferingApplicationStartup(200000);
        SpringApplication app = new SpringApplication(new DefaultResourceLoader(Thread.currentThread().getContextClassLoader()), main);
        app.setApplicationStartup(st);
        ConfigurableApplicationContext ctx = app.run(args);
        long total = (System.nanoTime() - t0) / 1_000_000;
        StartupTimeline tl = st.getBufferedTimeline();
        List<StartupTimeline.TimelineEvent> ev = tl.getEvents();
        Map<Long, Long> childSum = new HashMap<>();
        for (var e : ev) { Long p = e.getStartupStep().getParentId(); if (p != null) childSum.merge(p, e.getDuration().toMillis(), Long::sum); }
        Map<String, long[]> byName = new TreeMap<>();
        List<Object[]> beans = new ArrayList<>();
        for (var e : ev) {
            StartupStep s = e.getStartupStep();
            long d = e.getDuration().toMillis();
            long self = d - childSum.getOrDefault(s.getId(), 0L);
            byName.computeIfAbsent(s.getName(), k -> new long[3]);
            long[] a = byName.get(s.getName()); a[0]++; a[1] += self; a[2] = Math.max(a[2], d);
            StringBuilder tags = new StringBuilder();
            for (StartupStep.Tag t : s.getTags()) tags.append(t.getKey()).append('=').append(t.getValue()).append(' ');
            beans.add(new Object[]{self, d, s.getName() + " " + tags});
        }
        System.out.println("PROF total main->ready ms " + total + ", JVM uptime " + ManagementFactory.getRuntimeMXBean().getUptime());
        System.out.println("PROF by step name: count selfMs maxInclusiveMs");
        byName.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
            .forEach(e -> System.out.printf("PROF %-60s %6d %8d %8d%n", e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]));
        beans.sort((a, b) -> Long.compare((Long) b[0], (Long) a[0]));
        System.out.println("PROF top steps by self time (self, inclusive, step)");
        for (int i = 0; i < 60 && i < beans.size(); i++) System.out.printf("PROF %6d %6d %s%n", beans.get(i)[0], beans.get(i)[1], beans.get(i)[2]);
        beans.sort((a, b) -> Long.compare((Long) b[1], (Long) a[1]));
        System.out.println("PROF top steps by inclusive time");
        for (int i = 0; i < 60 && i < beans.size(); i++) System.out.printf("PROF %6d %6d %s%n", beans.get(i)[0], beans.get(i)[1], beans.get(i)[2]);
        if (System.getProperty("prof.exit") != null) { ctx.close(); System.exit(0); }
    }
}
