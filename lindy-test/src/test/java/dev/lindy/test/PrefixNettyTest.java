package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.PrefixSuite;

/** The prefix behaviour suite, on the embedded Netty server. */
class PrefixNettyTest extends PrefixSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
