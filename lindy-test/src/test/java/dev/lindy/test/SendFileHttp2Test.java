package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.SendFileSuite;

/** The sendfile behaviour suite, on the embedded Netty server over TLS with HTTP/2. */
class SendFileHttp2Test extends SendFileSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, true);
    }
}
