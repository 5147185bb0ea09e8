package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.KeywordSuite;

/** The keyword behaviour suite, on the embedded Netty server over TLS with HTTP/2. */
class KeywordHttp2Test extends KeywordSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, true);
    }
}
