package dev.lindy.examples;

import dev.lindy.App;
import dev.lindy.servlet.LindyServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The synopsis app in embedded Jetty 12 instead of Lindy's own server: the same app, unchanged.
 */
public final class ServletExample {
    private ServletExample() {
    }

    /**
     * Starts the synopsis in Jetty on every interface.
     *
     * @param port the port; 0 picks a free one
     * @return the running Jetty server
     * @throws Exception if Jetty cannot start
     */
    public static Server start(int port) throws Exception {
        return start("0.0.0.0", port);
    }

    /**
     * Starts the synopsis in Jetty.
     *
     * @param host the address to listen on
     * @param port the port; 0 picks a free one
     * @return the running Jetty server
     * @throws Exception if Jetty cannot start
     */
    public static Server start(String host, int port) throws Exception {
        App app = Synopsis.app();
        Server jetty = new Server();
        // Jetty's strictest modes: RFC 9110 parsing and URIs without ambiguous segments or separators.
        HttpConfiguration http = new HttpConfiguration();
        http.setHttpCompliance(HttpCompliance.RFC9110);
        http.setUriCompliance(UriCompliance.DEFAULT);
        http.setSendServerVersion(false);
        // Else Jetty's header cache hands a request the previous one's value when the two differ only in case.
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder lindy = new ServletHolder(new LindyServlet(app));
        lindy.setAsyncSupported(true);
        context.addServlet(lindy, "/*");
        jetty.setHandler(context);
        jetty.start();
        return jetty;
    }

    /**
     * Returns the port Jetty listens on.
     *
     * @param jetty a started server
     * @return the bound port
     */
    public static int port(Server jetty) {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    /**
     * Starts the synopsis in Jetty on port 3000.
     *
     * @param args ignored
     * @throws Exception if Jetty cannot start
     */
    public static void main(String[] args) throws Exception {
        start(3000).join();
    }
}
