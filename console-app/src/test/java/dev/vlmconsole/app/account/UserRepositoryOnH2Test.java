package dev.vlmconsole.app.account;

import dev.vlmconsole.app.support.OnH2;

@OnH2
class UserRepositoryOnH2Test extends UserRepositoryTests {}
