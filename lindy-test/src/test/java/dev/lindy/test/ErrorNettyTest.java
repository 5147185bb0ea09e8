package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.ErrorSuite;

/** The error behaviour suite, on the embedded Netty server. */
class ErrorNettyTest extends ErrorSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
