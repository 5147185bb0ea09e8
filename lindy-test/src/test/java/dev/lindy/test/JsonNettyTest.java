package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.JsonSuite;

/** The json behaviour suite, on the embedded Netty server. */
class JsonNettyTest extends JsonSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
