package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.HookSuite;

/** The hook behaviour suite, in embedded Jetty. */
class HookJettyTest extends HookSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }
}
