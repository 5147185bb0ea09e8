package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.http.Headers;
import dev.lindy.http.Method;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.servlet.internal.ServletExchange;
import dev.lindy.servlet.internal.ServletLoop;
import dev.lindy.spi.ExchangeHandler;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet that hosts a Lindy app in any Servlet 6 container; register it with async support on
 * {@code /*}.
 *
 * <p>Every request enters async mode at once and the container thread goes back to the container: no
 * container thread waits for an answer. Blocking handlers run on the app's workers (virtual threads on
 * Java 21+), async handlers, timers and callbacks on event loops the servlet owns, and answers go out
 * through non-blocking output. The container's own async timeout is switched off, so the app's deadline
 * is the only one. The request body is read before the app sees the request, up to
 * {@code Settings.maxBodyBytes} (a larger one gets 413).
 *
 * <p>Construct it with an app to register it in code, or name a {@code Supplier<App>} class in the
 * {@value #APP_PARAMETER} init parameter to declare it in {@code web.xml}.
 */
public class LindyServlet extends HttpServlet {
    /** The init parameter that names a {@code java.util.function.Supplier<App>} class with a public no-arg constructor. */
    public static final String APP_PARAMETER = "dev.lindy.app";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LindyServlet.class);

    private transient App app;
    private transient boolean ownsApp;
    private transient ExchangeHandler handler;
    private transient ServletLoop[] loops;
    private final transient AtomicInteger next = new AtomicInteger();

    /** Creates a servlet whose app is named by the {@value #APP_PARAMETER} init parameter. */
    public LindyServlet() {
    }

    /**
     * Creates a servlet hosting an app; the caller stops the app when the container is done with it.
     *
     * @param app the app, not started
     */
    public LindyServlet(App app) {
        this.app = app;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        if (app == null) {
            app = createApp(config.getInitParameter(APP_PARAMETER));
            ownsApp = true;
        }
        handler = app.handler();
        loops = new ServletLoop[app.settings().ioThreads()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new ServletLoop("lindy-servlet-loop-" + (i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private static App createApp(String className) throws ServletException {
        if (className == null) {
            throw new ServletException("LindyServlet needs an app: construct it with one, or set the init parameter "
                    + APP_PARAMETER + " to a Supplier<App> class");
        }
        try {
            Object supplier = Class.forName(className, true, Thread.currentThread().getContextClassLoader())
                    .getDeclaredConstructor().newInstance();
            return ((Supplier<App>) supplier).get();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new ServletException("cannot make the app from " + className + ": " + e, e);
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Request request;
        try {
            request = toRequest(req);
        } catch (BodyTooLarge e) {
            res.sendError(413, "The request body is larger than the limit of " + e.limit + " bytes.");
            return;
        } catch (IllegalArgumentException e) {
            res.sendError(400, "Malformed request: " + e.getMessage());
            return;
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        ServletOutputStream out = res.getOutputStream();
        ServletLoop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        ServletExchange exchange = new ServletExchange(request, async, res, out, loop.loop());
        async.addListener(exchange);
        out.setWriteListener(exchange);
        loop.loop().execute(() -> {
            try {
                handler.handle(exchange);
            } catch (RuntimeException e) {
                LOG.error("the app failed to take {}", request, e);
                exchange.respond(Response.of(500, "The server failed to answer this request."));
            }
        });
    }

    private Request toRequest(HttpServletRequest req) throws IOException {
        Headers.Builder headers = Headers.builder();
        for (String name : Collections.list(req.getHeaderNames())) {
            for (String value : Collections.list(req.getHeaders(name))) {
                headers.add(name, value);
            }
        }
        String target = req.getRequestURI().substring(req.getContextPath().length());
        if (target.isEmpty()) {
            target = "/";
        }
        if (req.getQueryString() != null) {
            target += "?" + req.getQueryString();
        }
        return Request.builder()
                .method(Method.of(req.getMethod()))
                .target(target)
                .headers(headers.build())
                .body(readBody(req, app.settings().maxBodyBytes()))
                .version(req.getProtocol())
                .scheme(req.getScheme())
                .remoteAddress(InetSocketAddress.createUnresolved(req.getRemoteAddr(), req.getRemotePort()))
                .localAddress(InetSocketAddress.createUnresolved(req.getLocalAddr(), req.getLocalPort()))
                .build();
    }

    private static byte[] readBody(HttpServletRequest req, int limit) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > limit) {
            throw new BodyTooLarge(limit);
        }
        try (InputStream in = req.getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new BodyTooLarge(limit);
            }
            return body;
        }
    }

    @Override
    public void destroy() {
        if (loops != null) {
            for (ServletLoop loop : loops) {
                loop.shutdown();
            }
        }
        if (ownsApp && app != null) {
            app.stop();
        }
        super.destroy();
    }

    /** A body over the limit, found while reading it. */
    private static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        final int limit;

        BodyTooLarge(int limit) {
            super("body over " + limit + " bytes");
            this.limit = limit;
        }
    }
}
