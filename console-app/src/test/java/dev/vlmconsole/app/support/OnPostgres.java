package dev.vlmconsole.app.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole console (no web server) on a fresh database of the shared embedded {@link Postgres},
 * every module migrated. All classes so annotated share one Spring context, and so one database.
 *
 * <p>Put {@code @Transactional} on the class that declares the test methods (an abstract base
 * shared by the H2 and PostgreSQL variants) to roll each test back: Spring reads it from the
 * declaring class, not from the annotated subclass.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(properties = PersistenceTestProperties.FAST_HASHING)
@ContextConfiguration(initializers = Postgres.Initializer.class)
public @interface OnPostgres {}
