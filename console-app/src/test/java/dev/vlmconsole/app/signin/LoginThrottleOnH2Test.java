package dev.vlmconsole.app.signin;

import dev.vlmconsole.app.support.OnH2;

@OnH2
class LoginThrottleOnH2Test extends LoginThrottleTests {}
