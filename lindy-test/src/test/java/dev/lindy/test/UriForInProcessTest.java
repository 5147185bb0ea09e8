package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.UriForSuite;

/** The uri for behaviour suite, in process. */
class UriForInProcessTest extends UriForSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
