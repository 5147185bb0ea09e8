package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.ErrorSuite;

/** The error behaviour suite, in process. */
class ErrorInProcessTest extends ErrorSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
