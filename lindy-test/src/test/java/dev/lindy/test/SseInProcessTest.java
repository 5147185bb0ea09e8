package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.SseSuite;

/** The server-sent events suite, in process. */
class SseInProcessTest extends SseSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
