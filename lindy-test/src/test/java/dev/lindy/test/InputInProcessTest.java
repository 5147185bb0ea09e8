package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.InputSuite;

/** The input behaviour suite, in process. */
class InputInProcessTest extends InputSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
