package dev.vlmconsole.app.security;

import dev.vlmconsole.app.support.OnH2;

@OnH2
class LoginThrottleOnH2Test extends LoginThrottleTests {
}
