package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.spi.Server;
import dev.lindy.test.TestHost;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/** An app in embedded Jetty 12 (ee10), with Jakarta WebSocket, on 127.0.0.1 at a free port. */
final class JettyHost implements Server {
    private final org.eclipse.jetty.server.Server jetty;
    private final ServerConnector connector;

    private JettyHost(App app, boolean webSockets) throws Exception {
        jetty = new org.eclipse.jetty.server.Server();
        // Jetty's strictest modes: RFC 9110 parsing and URIs without ambiguous segments or separators.
        HttpConfiguration http = new HttpConfiguration();
        http.setHttpCompliance(HttpCompliance.RFC9110);
        http.setUriCompliance(UriCompliance.DEFAULT);
        http.setSendServerVersion(false);
        // Else Jetty's header cache hands a request the previous one's value when the two differ only in case.
        http.setHeaderCacheCaseSensitive(true);
        connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        if (webSockets) {
            JakartaWebSocketServletContainerInitializer.configure(context, null);
        }
        ServletHolder holder = new ServletHolder(new LindyServlet(app));
        holder.setAsyncSupported(true);
        // Made at start, so that an app this host cannot serve stops the start.
        holder.setInitOrder(1);
        context.addServlet(holder, "/*");
        jetty.setHandler(context);
        jetty.start();
    }

    static TestHost host(App app) {
        return host(app, true);
    }

    /** Hosts an app in Jetty with or without its Jakarta WebSocket. */
    static TestHost host(App app, boolean webSockets) {
        try {
            return TestHost.of(app, new JettyHost(app, webSockets));
        } catch (Exception e) {
            app.stop();
            throw new IllegalStateException("Jetty did not start", e);
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void stop(Duration grace) {
        try {
            // Jetty's own graceful stop waits for idle keep-alive connections of the test client too.
            jetty.setStopTimeout(0);
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
