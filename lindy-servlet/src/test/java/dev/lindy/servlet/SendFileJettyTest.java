package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.SendFileSuite;

/** The send file behaviour suite, in embedded Jetty. */
class SendFileJettyTest extends SendFileSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }
}
