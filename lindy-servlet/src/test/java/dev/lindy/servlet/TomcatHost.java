package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.spi.Server;
import dev.lindy.test.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/** An app in embedded Tomcat 11, with its WebSocket support, on 127.0.0.1 at a free port. */
final class TomcatHost implements Server {
    private final Tomcat tomcat;
    private final Connector connector;
    private final Path base;

    private TomcatHost(App app) throws Exception {
        base = Files.createTempDirectory("lindy-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        // Tomcat's strictest settings: illegal headers refused, Host and authority agreeing, no relaxed
        // characters in paths or queries, and suspicious URIs (encoded dot segments, separators) refused.
        connector.setProperty("rejectIllegalHeader", "true");
        connector.setProperty("allowHostHeaderMismatch", "false");
        connector.setProperty("relaxedPathChars", "");
        connector.setProperty("relaxedQueryChars", "");
        connector.setProperty("rejectSuspiciousURIs", "true");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        context.addServletContainerInitializer(new WsSci(), null);
        Wrapper wrapper = Tomcat.addServlet(context, "lindy", new LindyServlet(app));
        wrapper.setAsyncSupported(true);
        wrapper.setLoadOnStartup(1);
        context.addServletMappingDecoded("/*", "lindy");
        tomcat.start();
    }

    static TestHost host(App app) {
        try {
            return TestHost.of(app, new TomcatHost(app));
        } catch (Exception e) {
            throw new IllegalStateException("Tomcat did not start", e);
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void stop(Duration grace) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (Exception e) {
            throw new IllegalStateException("Tomcat did not stop", e);
        } finally {
            deleteQuietly(base);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
