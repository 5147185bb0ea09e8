package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.ConformanceSuite;

/** HTTP/1.1 conformance, on the embedded Netty server. */
class ConformanceNettyTest extends ConformanceSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
