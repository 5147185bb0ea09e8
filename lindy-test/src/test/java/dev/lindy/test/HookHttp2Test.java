package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.HookSuite;

/** The hook behaviour suite, on the embedded Netty server over TLS with HTTP/2. */
class HookHttp2Test extends HookSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, true);
    }
}
