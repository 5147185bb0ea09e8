package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.SseSuite;

/** The server-sent events suite, on the embedded Netty server. */
class SseNettyTest extends SseSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
