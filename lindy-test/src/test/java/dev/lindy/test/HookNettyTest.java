package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.HookSuite;

/** The hook behaviour suite, on the embedded Netty server. */
class HookNettyTest extends HookSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
