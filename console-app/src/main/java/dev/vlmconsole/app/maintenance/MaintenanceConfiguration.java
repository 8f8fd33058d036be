package dev.vlmconsole.app.maintenance;

import dev.vlmconsole.app.ConsoleProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** H2 backups, on request and on a schedule, when the console runs on H2 (DD031). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackupProperties.class)
class MaintenanceConfiguration {

    @Bean
    @ConditionalOnExpression("'${spring.datasource.url:}'.startsWith('jdbc:h2:')")
    H2Backups h2Backups(DataSource dataSource, ConsoleProperties console, BackupProperties backup, Clock clock) {
        return new H2Backups(dataSource, backup.directory(console.dataDir()), backup.keep(), clock);
    }

    @Bean
    @ConditionalOnExpression(
            "'${spring.datasource.url:}'.startsWith('jdbc:h2:') and '${console.backup.interval:}' != ''")
    ScheduledBackups scheduledBackups(H2Backups backups, BackupProperties settings) {
        return new ScheduledBackups(backups, settings.interval());
    }

    /** Writes a backup every {@code console.backup.interval}, the first one interval after the start. */
    static final class ScheduledBackups implements SmartInitializingSingleton, DisposableBean {

        private static final Logger log = LoggerFactory.getLogger(ScheduledBackups.class);

        private final H2Backups backups;
        private final Duration interval;
        private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-backup");
            t.setDaemon(true);
            return t;
        });

        ScheduledBackups(H2Backups backups, Duration interval) {
            this.backups = backups;
            this.interval = interval;
        }

        @Override
        public void afterSingletonsInstantiated() {
            long millis = interval.toMillis();
            executor.scheduleWithFixedDelay(this::backUp, millis, millis, TimeUnit.MILLISECONDS);
        }

        private void backUp() {
            try {
                backups.backup();
            } catch (RuntimeException e) {
                log.error("The scheduled backup failed", e);
            }
        }

        @Override
        public void destroy() {
            executor.shutdownNow();
        }
    }
}
