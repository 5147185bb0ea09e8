package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.PrefixSuite;

/** The prefix behaviour suite, in process. */
class PrefixInProcessTest extends PrefixSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
