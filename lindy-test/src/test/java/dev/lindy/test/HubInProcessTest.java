package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.HubSuite;

/** The hub behaviour suite, in process. */
class HubInProcessTest extends HubSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
