package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.JsonSuite;

/** The json behaviour suite, on the embedded Netty server over TLS with HTTP/2. */
class JsonHttp2Test extends JsonSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, true);
    }
}
