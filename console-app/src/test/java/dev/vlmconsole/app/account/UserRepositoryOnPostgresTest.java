package dev.vlmconsole.app.account;

import dev.vlmconsole.app.support.OnPostgres;

@OnPostgres
class UserRepositoryOnPostgresTest extends UserRepositoryTests {}
