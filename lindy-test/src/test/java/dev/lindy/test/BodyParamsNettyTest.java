package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.BodyParamsSuite;

/** The body params behaviour suite, on the embedded Netty server. */
class BodyParamsNettyTest extends BodyParamsSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
