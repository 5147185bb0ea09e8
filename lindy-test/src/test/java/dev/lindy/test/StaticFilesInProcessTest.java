package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.StaticFilesSuite;

/** The static files behaviour suite, in process. */
class StaticFilesInProcessTest extends StaticFilesSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
