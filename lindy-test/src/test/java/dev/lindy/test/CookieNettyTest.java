package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.CookieSuite;

/** The cookie behaviour suite, on the embedded Netty server. */
class CookieNettyTest extends CookieSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
