package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.AsyncSuite;

/** The async behaviour suite, on the embedded Netty server. */
class AsyncNettyTest extends AsyncSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
