package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.Settings;
import dev.lindy.internal.BodySpool;
import dev.lindy.internal.HeadChecks;
import dev.lindy.upload.internal.Uploads;
import dev.lindy.http.Headers;
import dev.lindy.http.Method;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.http.Status;
import dev.lindy.servlet.internal.BodyReader;
import dev.lindy.servlet.internal.JettyHeaderCache;
import dev.lindy.servlet.internal.ServletExchange;
import dev.lindy.servlet.internal.ServletLoop;
import dev.lindy.servlet.internal.ServletWebSockets;
import dev.lindy.servlet.internal.UpgradeExchange;
import dev.lindy.spi.ExchangeHandler;
import dev.lindy.Cancellable;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
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
 * is the only one. The request body is read with non-blocking input before the app sees the request, up
 * to {@code Settings.maxBodyBytes} (a larger one gets 413); an upload up to {@code Settings.maxUploadBytes},
 * into a temporary file past {@code Settings.uploadMemoryBytes}.
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
    private transient boolean webSockets;
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
        webSockets = handler.needsWebSockets();
        for (String connector : JettyHeaderCache.caseInsensitive(config.getServletContext())) {
            LOG.warn("Jetty's header cache on {} is case-insensitive: a request whose Cookie or Authorization differs "
                    + "from an earlier one on its connection only in letter case is given the earlier value. Call "
                    + "setHeaderCacheCaseSensitive(true) on the connector's HttpConfiguration, or set "
                    + "jetty.httpConfig.headerCacheSize=0", connector);
        }
        if (webSockets) {
            String missing = ServletWebSockets.missing(config.getServletContext());
            if (missing != null) {
                throw new ServletException("the app has WebSocket routes, which this host cannot serve: " + missing);
            }
        }
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
        // Containers let through some heads RFC 9112 says to refuse: refuse them here, before the body is read.
        HeadChecks.Refusal broken = HeadChecks.check("HTTP/1.1".equals(req.getProtocol()), Collections.list(req.getHeaders("Host")),
                Collections.list(req.getHeaders("Transfer-Encoding")), req.getHeader("Content-Length") != null);
        if (broken != null) {
            refuseAtOnce(res, broken.status(), broken.reason());
            return;
        }
        Settings settings = app.settings();
        String upgrade = req.getHeader("Upgrade");
        if (webSockets && upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
            upgrade(req, res, settings);
            return;
        }
        boolean upload = Uploads.isMultipartForm(req.getContentType());
        long limit = upload ? settings.maxUploadBytes() : settings.maxBodyBytes();
        String tooLarge = upload
                ? "The upload is larger than the limit of " + limit + " bytes."
                : "The request body is larger than the limit of " + limit + " bytes.";
        long declared = req.getContentLengthLong();
        if (declared > limit) {
            res.sendError(413, tooLarge);
            return;
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        ServletLoop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        Duration bodyTimeout = settings.bodyTimeout();
        BodyReader[] reader = new BodyReader[1];
        BodySpool body = upload
                ? new BodySpool(settings.uploadMemoryBytes(), declared, settings.tempDir(), settings.maxUploadDiskBytes(),
                        () -> reader[0].resume())
                : BodySpool.inMemory(settings.maxBodyBytes(), declared);
        reader[0] = new BodyReader(req.getInputStream(), limit, tooLarge, body,
                stored -> dispatch(req, res, async, stored, loop),
                refusal -> refuse(res, async, refusal.status(), refusal.reason()),
                error -> refuse(res, async, 400, "The request body is malformed."));
        Cancellable timer = loop.loop().after(bodyTimeout,
                () -> reader[0].timedOut("The request body did not arrive within " + bodyTimeout.toSeconds() + " s."));
        async.addListener(new Ended(timer));
        req.getInputStream().setReadListener(reader[0]);
    }

    /** The body is in: make the request and hand it to the app on one of the servlet's loops. */
    private void dispatch(HttpServletRequest req, HttpServletResponse res, AsyncContext async, BodySpool body,
            ServletLoop loop) {
        Request request;
        try {
            request = toRequest(req, body);
        } catch (IllegalArgumentException e) {
            body.discard();
            refuse(res, async, 400, "Malformed request: " + e.getMessage());
            return;
        }
        try {
            ServletOutputStream out = res.getOutputStream();
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
        } catch (IOException e) {
            LOG.debug("cannot answer {}: {}", request, e.toString());
            body.discard();
            async.complete();
        }
    }

    /**
     * A WebSocket upgrade: the container upgrades only within this call, so the container thread waits for
     * the app's decision (before hooks, the origin check), then upgrades or writes the refusal.
     */
    private void upgrade(HttpServletRequest req, HttpServletResponse res, Settings settings) throws IOException {
        ServletLoop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        Request request;
        try {
            request = toRequest(req, null);
        } catch (IllegalArgumentException e) {
            res.sendError(400, "Malformed request: " + e.getMessage());
            return;
        }
        UpgradeExchange exchange = new UpgradeExchange(request, loop.loop());
        loop.loop().execute(() -> handler.handle(exchange));
        Object outcome;
        try {
            outcome = exchange.await(settings.asyncDeadline().plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            res.sendError(503);
            return;
        }
        if (outcome instanceof UpgradeExchange.Upgrade) {
            UpgradeExchange.Upgrade upgrade = (UpgradeExchange.Upgrade) outcome;
            try {
                ServletWebSockets.upgrade(req, res, upgrade, loop.loop(), settings);
            } catch (Exception e) {
                LOG.warn("the container refused a WebSocket upgrade of {}", request, e);
                loop.loop().execute(() -> upgrade.handler().closed(1006, "the container refused the upgrade"));
                if (!res.isCommitted()) {
                    res.sendError(500);
                }
            }
        } else if (outcome instanceof Response) {
            Response answer = (Response) outcome;
            res.setStatus(answer.status());
            answer.headers().forEach(res::addHeader);
            byte[] body = answer.body();
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
        } else {
            res.sendError(503, "The response did not arrive in time.");
        }
    }

    /** Answers a request the app never sees, before any listener owns the output. */
    private static void refuse(HttpServletResponse res, AsyncContext async, int status, String reason) {
        try {
            refuseAtOnce(res, status, reason);
        } catch (IOException | IllegalStateException e) {
            LOG.debug("cannot refuse the request: {}", e.toString());
        } finally {
            async.complete();
        }
    }

    // The connection closes after the answer: what follows a refused head cannot be trusted.
    private static void refuseAtOnce(HttpServletResponse res, int status, String reason) throws IOException {
        byte[] body = (status + " " + Status.reason(status) + ": " + reason + "\n").getBytes(StandardCharsets.UTF_8);
        res.setStatus(status);
        res.setContentType("text/plain; charset=utf-8");
        res.setHeader("Connection", "close");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }

    /** Cancels the body timer when the request ends, however it ends. */
    private static final class Ended implements AsyncListener {
        private final Cancellable timer;

        Ended(Cancellable timer) {
            this.timer = timer;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            timer.cancel();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            timer.cancel();
        }

        @Override
        public void onError(AsyncEvent event) {
            timer.cancel();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Lindy starts async mode once per request.
        }
    }

    private Request toRequest(HttpServletRequest req, BodySpool body) {
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
        Request.Builder builder = body == null ? Request.builder() : body.into(Request.builder());
        return builder
                .method(Method.of(req.getMethod()))
                .target(target)
                .headers(headers.build())
                .version(req.getProtocol())
                .scheme(req.getScheme())
                .basePath(req.getContextPath())
                .remoteAddress(InetSocketAddress.createUnresolved(req.getRemoteAddr(), req.getRemotePort()))
                .localAddress(InetSocketAddress.createUnresolved(req.getLocalAddr(), req.getLocalPort()))
                .build();
    }

    @Override
    public void destroy() {
        // The app drains first, while its loops still run: what is in flight is answered through them.
        if (ownsApp && app != null) {
            app.stop();
        }
        if (loops != null) {
            for (ServletLoop loop : loops) {
                loop.shutdown();
            }
        }
        super.destroy();
    }
}
