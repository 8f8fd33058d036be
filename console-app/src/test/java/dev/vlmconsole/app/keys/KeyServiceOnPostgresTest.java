package dev.vlmconsole.app.keys;

import dev.vlmconsole.app.support.Postgres;
import org.springframework.test.context.ContextConfiguration;

/** {@link KeyServiceTests} on a real PostgreSQL (with LISTEN/NOTIFY and the shared rate-limit store). */
@ContextConfiguration(initializers = Postgres.Initializer.class)
class KeyServiceOnPostgresTest extends KeyServiceTests {
}
