package dev.vlmconsole.app;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Turns H2's query result reuse off on every pooled connection to an H2 database, whatever URL
 * it was given. H2 answers a query that one connection repeats with the same parameters from that
 * connection's previous result while no row of its tables changed since, and that check races with
 * other connections' commits (h2database/h2database#3894 and #4208, still in 2.4.240): a repeated
 * query can miss rows committed before it started. The sign-in throttle re-counts failures with the
 * query it ran before taking its locks, and so once let a sixth parallel guess through. PostgreSQL
 * has no such cache. Setting it needs an H2 admin user, as the console's own database user is.
 */
@Component
class H2ResultReuseOff implements BeanPostProcessor {

    static final String TURN_OFF = "SET OPTIMIZE_REUSE_RESULTS FALSE";

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool
                && pool.getJdbcUrl() != null
                && pool.getJdbcUrl().startsWith("jdbc:h2:")) {
            String init = pool.getConnectionInitSql();
            pool.setConnectionInitSql(
                    init == null || init.isBlank() ? TURN_OFF : init.strip().replaceAll(";+$", "") + "; " + TURN_OFF);
        }
        return bean;
    }
}
