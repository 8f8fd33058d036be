package dev.vlmconsole.app.signin;

import dev.vlmconsole.app.support.OnPostgres;

@OnPostgres
class LoginThrottleOnPostgresTest extends LoginThrottleTests {

    /** The same flood, thinner: H2 sends all 10,000 posts; here a round trip each would take 20 s. */
    @Override
    int floodPosts() {
        return 2_000;
    }
}
