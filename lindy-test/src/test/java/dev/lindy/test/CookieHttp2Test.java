package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.CookieSuite;

/** The cookie behaviour suite, on the embedded Netty server over TLS with HTTP/2. */
class CookieHttp2Test extends CookieSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, true);
    }
}
