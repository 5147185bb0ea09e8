package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.RoutingSuite;

/** The routing behaviour suite, in process, on a virtual clock. */
class RoutingInProcessTest extends RoutingSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
