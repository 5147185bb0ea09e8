package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.SessionSuite;

/** The session behaviour suite, in process. */
class SessionInProcessTest extends SessionSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
