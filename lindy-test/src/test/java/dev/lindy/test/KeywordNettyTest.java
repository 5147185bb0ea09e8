package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.KeywordSuite;

/** The keyword behaviour suite, on the embedded Netty server. */
class KeywordNettyTest extends KeywordSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
