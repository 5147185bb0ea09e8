package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.UploadSuite;

/** The upload behaviour suite, in process. */
class UploadInProcessTest extends UploadSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
