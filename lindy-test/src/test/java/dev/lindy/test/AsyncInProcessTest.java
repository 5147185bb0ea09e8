package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.AsyncSuite;

/** The async behaviour suite, in process, on a virtual clock. */
class AsyncInProcessTest extends AsyncSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
