package dev.vlmconsole.app.security;

import dev.vlmconsole.app.support.OnPostgres;

@OnPostgres
class LoginAttemptsOnPostgresTest extends LoginAttemptTests {
}
