package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.SendFileSuite;

/** The send file behaviour suite, in process. */
class SendFileInProcessTest extends SendFileSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
