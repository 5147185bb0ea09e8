package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.ForwardSuite;

/** The forward behaviour suite, in process. */
class ForwardInProcessTest extends ForwardSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
