package dev.vlmconsole.app.signin;

import dev.vlmconsole.app.support.OnPostgres;

@OnPostgres
class LoginAttemptsOnPostgresTest extends LoginAttemptTests {}
