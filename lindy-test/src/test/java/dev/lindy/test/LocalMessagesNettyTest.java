package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.LocalMessagesSuite;

/** The local messages suite, on the embedded Netty server. */
class LocalMessagesNettyTest extends LocalMessagesSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
