package dev.lindy.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.servlet.internal.JettyHeaderCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the servlet adapter does: the web.xml route to an app, body limits, the container timeout. */
class ServletAdapterTest {
    @TempDir
    Path tomcatBase;

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aJettyConnectorWithACaseInsensitiveHeaderCacheIsFound() throws Exception {
        for (boolean caseSensitive : new boolean[] {false, true}) {
            Server jetty = new Server();
            HttpConfiguration http = new HttpConfiguration();
            http.setHeaderCacheCaseSensitive(caseSensitive);
            ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
            connector.setHost("127.0.0.1");
            jetty.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler();
            jetty.setHandler(context);
            jetty.start();
            try {
                List<String> found = JettyHeaderCache.caseInsensitive(context.getServletContext());
                assertEquals(caseSensitive ? 0 : 1, found.size(), found.toString());
            } finally {
                jetty.setStopTimeout(0);
                jetty.stop();
            }
        }
    }

    @Test
    void theInitParameterNamesTheAppAsWebXmlWould() throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(LindyServlet.class);
        holder.setInitParameter(LindyServlet.APP_PARAMETER, SynopsisApp.class.getName());
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        jetty.setHandler(context);
        jetty.start();
        try {
            assertEquals("foo!", get(connector.getLocalPort(), "/timer").body());
            HttpResponse<String> blocking = get(connector.getLocalPort(), "/blocking");
            assertEquals(302, blocking.statusCode());
            assertTrue(blocking.headers().firstValue("Location").orElse("").endsWith("/timer"));
        } finally {
            jetty.setStopTimeout(0);
            jetty.stop();
        }
    }

    @Test
    void aBodyOverTheLimitGets413AndTheContainersAsyncTimeoutNeverAnswersFirst() throws Exception {
        App app = Lindy.app(Settings.builder().maxBodyBytes(16).build());
        app.post("/echo", ctx -> ctx.request().bodyText());
        app.get("/slow", ctx -> java.util.concurrent.CompletableFuture.supplyAsync(() -> "slow",
                java.util.concurrent.CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS)));
        Path base = tomcatBase;
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        // Far shorter than the answer takes: Lindy turns the container's timeout off.
        connector.setAsyncTimeout(200);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Wrapper wrapper = Tomcat.addServlet(context, "lindy", new LindyServlet(app));
        wrapper.setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "lindy");
        tomcat.start();
        try {
            int port = connector.getLocalPort();
            HttpRequest small = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("0123456789abcdef")).build();
            assertEquals("0123456789abcdef", client.send(small, HttpResponse.BodyHandlers.ofString()).body());
            HttpRequest big = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("0123456789abcdefg")).build();
            assertEquals(413, client.send(big, HttpResponse.BodyHandlers.ofString()).statusCode());
            // Without a Content-Length (chunked), the limit is found while reading.
            HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new java.io.ByteArrayInputStream("0123456789abcdefg".getBytes()))).build();
            assertEquals(413, client.send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpRequest chunkedSmall = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new java.io.ByteArrayInputStream("small".getBytes()))).build();
            assertEquals("small", client.send(chunkedSmall, HttpResponse.BodyHandlers.ofString()).body());
            HttpResponse<String> slow = get(port, "/slow");
            assertEquals(200, slow.statusCode());
            assertEquals("slow", slow.body());
        } finally {
            tomcat.stop();
            tomcat.destroy();
            app.stop();
        }
    }
}
