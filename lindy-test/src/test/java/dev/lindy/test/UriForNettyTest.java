package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.UriForSuite;

/** The uri for behaviour suite, on the embedded Netty server. */
class UriForNettyTest extends UriForSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
