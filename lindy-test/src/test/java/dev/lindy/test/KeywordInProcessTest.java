package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.KeywordSuite;

/** The keyword behaviour suite, in process, on a virtual clock. */
class KeywordInProcessTest extends KeywordSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
