package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.CookieSuite;

/** The cookie behaviour suite, in process. */
class CookieInProcessTest extends CookieSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
