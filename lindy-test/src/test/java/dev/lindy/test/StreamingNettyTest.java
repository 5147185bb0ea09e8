package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.StreamingSuite;

/** The streaming behaviour suite, on the embedded Netty server. */
class StreamingNettyTest extends StreamingSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
