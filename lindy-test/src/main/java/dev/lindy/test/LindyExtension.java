package dev.lindy.test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A JUnit 5 extension that keeps the server's log quiet: what the test's code and servers print while it
 * runs is held back, and shown only if the test fails.
 *
 * <pre>{@code
 * @ExtendWith(LindyExtension.class)
 * class MyRoutesTest { ... }
 * }</pre>
 *
 * <p>It captures {@code System.out} and {@code System.err}, where the common SLF4J bindings write by default.
 */
public final class LindyExtension implements BeforeEachCallback, AfterEachCallback, TestWatcher {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LindyExtension.class);

    /** Creates the extension; JUnit calls this. */
    public LindyExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        context.getStore(NS).put("out", System.out);
        context.getStore(NS).put("err", System.err);
        context.getStore(NS).put("buffer", buffer);
        System.setOut(capture);
        System.setErr(capture);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        PrintStream out = context.getStore(NS).get("out", PrintStream.class);
        PrintStream err = context.getStore(NS).get("err", PrintStream.class);
        if (out != null) {
            System.setOut(out);
        }
        if (err != null) {
            System.setErr(err);
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        ByteArrayOutputStream buffer = context.getStore(NS).get("buffer", ByteArrayOutputStream.class);
        if (buffer != null && buffer.size() > 0) {
            System.err.println("---- log of failed test " + context.getDisplayName() + " ----");
            System.err.print(buffer.toString(StandardCharsets.UTF_8));
            System.err.println("---- end of log ----");
        }
    }
}
