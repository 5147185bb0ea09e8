package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.TemplateSuite;

/** The template behaviour suite, on the embedded Netty server over TLS with HTTP/2. */
class TemplateHttp2Test extends TemplateSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, true);
    }
}
