package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.SendFileSuite;

/** The send file behaviour suite, on the embedded Netty server. */
class SendFileNettyTest extends SendFileSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
