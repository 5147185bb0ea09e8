package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.InputSuite;

/** The input behaviour suite, on the embedded Netty server. */
class InputNettyTest extends InputSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
