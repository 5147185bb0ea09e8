package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.StreamingSuite;

/** The streaming behaviour suite, in process. */
class StreamingInProcessTest extends StreamingSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
