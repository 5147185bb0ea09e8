package dev.lindy;

import dev.lindy.http.Cookie;
import dev.lindy.http.Method;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.hub.Feed;
import dev.lindy.hub.Listener;
import dev.lindy.hub.Subscription;
import dev.lindy.session.Session;
import dev.lindy.sse.SseEmitter;
import dev.lindy.upload.Upload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The context of one request: its data, the response being prepared, and every keyword that acts on them.
 *
 * <p>A context belongs to one request only, and stays valid from any thread until that request's response
 * is complete, so keywords work inside timers and other callbacks long after the handler returned. Lindy
 * keeps no request state anywhere else: no globals, no thread-locals.
 *
 * <p>A request stays answerable while something that can answer it is reachable: the {@link Responder},
 * a {@link StreamWriter}, a timer or task scheduled through the context, or the stage the handler returned.
 * The context alone does not count: code that answers from another thread later keeps the responder, not
 * just the context, or the request may be ended with a 500 as forgotten once the garbage collector notices.
 *
 * <p>{@link #halt}, {@link #redirect} and {@link #pass} end the handler or callback they are called in.
 * Their return type lets a handler write {@code return ctx.redirect("/login");}.
 *
 * <p>Lindy guards a context's state with the context's own monitor, briefly, on the event loop as well: do
 * not lock the context itself ({@code synchronized (ctx)}) around work that waits. Lock an object of your own.
 */
public interface Context {

    // ---- request data -------------------------------------------------------------------------------

    /**
     * Returns the request.
     *
     * @return the request value
     */
    Request request();

    /**
     * Returns a parameter. Parameters come from the route's captures, a {@code forward}'s extra
     * parameters, the query, and the body (a form, or a JSON object's top-level fields); when a name is in
     * several, the most specific wins, in that order.
     *
     * @param name the parameter name
     * @return the first value, or null if absent
     * @throws HttpException 400 if the body is a malformed form or malformed JSON
     */
    String param(String name);

    /**
     * Returns every value of a parameter, from the first source that has it.
     *
     * @param name the parameter name
     * @return the values, empty if absent
     * @throws HttpException 400 if the body is malformed
     */
    List<String> paramValues(String name);

    /**
     * Returns all parameters, merged with the most specific source winning (route, forward, query, body).
     *
     * @return an unmodifiable map from name to first value
     * @throws HttpException 400 if the body is malformed
     */
    Map<String, String> params();

    /**
     * Returns the parameters of one source alone (Dancer's {@code params('body')}).
     *
     * @param source {@code "route"} (with a forward's extras), {@code "query"} or {@code "body"}
     * @return an unmodifiable map from name to first value
     * @throws IllegalArgumentException for another source
     * @throws HttpException 400 if the body is malformed
     */
    Map<String, String> params(String source);

    /**
     * Returns a cookie: one set earlier in this request, else the one the client sent.
     *
     * @param name the cookie's name
     * @return the value, or null
     */
    String cookie(String name);

    /**
     * Returns the cookies the client sent, with those set in this request over them.
     *
     * @return an unmodifiable map from name to value
     */
    Map<String, String> cookies();

    /**
     * Returns a signed cookie's value, if its signature is one of the app's secrets'.
     *
     * @param name the cookie's name
     * @return the value, or null if absent, unsigned, tampered with or signed under an unknown secret
     */
    String signedCookie(String name);

    /**
     * Returns the client's session, making it on first use; a session nothing is put into sets no cookie.
     *
     * @return the session, valid from any thread until the response goes out
     */
    Session session();

    /**
     * Returns the first file uploaded in a field of a {@code multipart/form-data} body. The body was read
     * before the handler ran; its plain fields are among {@link #params()}.
     *
     * @param field the form field
     * @return the upload, or null if the field has no file (or the body is no multipart form)
     */
    Upload upload(String field);

    /**
     * Returns every file uploaded in a {@code multipart/form-data} body, in the body's order. Their
     * temporary files are deleted when the response is complete: copy one with {@link Upload#copyTo} to
     * keep it.
     *
     * @return the uploads, empty if none
     */
    List<Upload> uploads();

    /**
     * Reads the JSON body into a value of a type.
     *
     * @param type the class to read
     * @param <T> the type
     * @return the value
     * @throws HttpException 400 if the body is not JSON of that shape
     * @throws IllegalStateException if no JSON mapper is on the class path
     */
    <T> T bodyAs(Class<T> type);

    /**
     * Reads the JSON body as a tree of maps, lists and values.
     *
     * @return the tree
     * @throws HttpException 400 if the body is not JSON
     */
    Object bodyJson();

    /**
     * Returns the absolute URL of a path of this app, as the client reaches it: scheme, host and the path
     * the app is mounted under, from the forwarding headers ({@code X-Forwarded-*}, or {@code Forwarded}
     * as {@code Settings.forwardedHeaders} says) when the connection comes from one of
     * {@code Settings.trustedProxies}. When the request names no usable host (a malformed Host header), the
     * address and port the request arrived on stand in, so the URL is always absolute.
     *
     * @param path a path of the app, starting with {@code /}
     * @return the absolute URL
     */
    String uriFor(String path);

    /**
     * Returns the absolute URL of a path of this app with a query, built as {@link #uriFor(String)} says.
     *
     * @param path a path of the app, starting with {@code /}
     * @param query parameters, encoded into the query
     * @return the absolute URL
     */
    String uriFor(String path, Map<String, ?> query);

    /**
     * Returns the extension a {@link ContextPlugin} offers this request, made on first use.
     *
     * @param plugin the plugin's class
     * @param <T> the extension's type
     * @return the extension
     * @throws IllegalStateException if the app has not registered that plugin
     */
    <T> T with(Class<? extends ContextPlugin<T>> plugin);

    /**
     * Returns the values captured by {@code *} and {@code **} in the route's pattern, or by the groups of
     * a regex route without named groups.
     *
     * @return the captured values, in order
     */
    List<String> splat();

    /**
     * Returns the route that is handling the request, as method and pattern.
     *
     * @return for example {@code "GET /user/:id"}
     */
    String route();

    // ---- the response being prepared ----------------------------------------------------------------

    /**
     * Sets the status of the response.
     *
     * @param status the status code
     * @return this context
     */
    Context status(int status);

    /**
     * Returns the status set so far.
     *
     * @return the status, 200 unless set
     */
    int status();

    /**
     * Sets a response header, replacing earlier values.
     *
     * @param name the header name
     * @param value the value
     * @return this context
     */
    Context header(String name, String value);

    /**
     * Adds a response header, keeping earlier values (for repeated headers).
     *
     * @param name the header name
     * @param value the value
     * @return this context
     */
    Context addHeader(String name, String value);

    /**
     * Sets the Content-Type: a media type, or a short name such as {@code json}, {@code html} or {@code txt}.
     *
     * @param type a media type or a known short name
     * @return this context
     * @throws IllegalArgumentException for an unknown short name
     */
    Context contentType(String type);

    /**
     * Sets a cookie on the response; setting one name twice keeps the last.
     *
     * @param cookie the cookie
     * @return this context
     */
    Context cookie(Cookie cookie);

    /**
     * Sets a cookie signed with the app's newest secret, to read back with {@link #signedCookie(String)}.
     *
     * @param cookie the cookie, its value unsigned
     * @return this context
     * @throws IllegalStateException if the app has no secret outside development
     */
    Context signedCookie(Cookie cookie);

    /**
     * Renders a template of {@code views/}, wrapped in the layout of the settings if there is one. It sees
     * the model and Lindy's tokens: {@code request}, {@code params}, {@code vars}, {@code session},
     * {@code settings} (the app's own configuration, its environment and development flag; never Lindy's
     * secrets), {@code uri_base} (the path the app is served under, empty at the root). No file is read:
     * templates are compiled when the app starts, and one that names another at render time finds it among
     * those or not at all, so this works from an async callback too.
     *
     * @param name the template, without extension: {@code index} renders {@code views/index.peb}
     * @param model the values it sees; a key that is one of Lindy's tokens is refused
     * @return the HTML, to return or send
     * @throws dev.lindy.view.TemplateException if the template is missing or fails (a 500 naming the file
     *     and line)
     */
    String template(String name, Map<String, ?> model);

    /**
     * Renders a template wrapped in a layout of {@code views/layouts/}, which sees the view's output as
     * {@code content}.
     *
     * @param name the template
     * @param model the values it sees
     * @param layout the layout's name, or null for none
     * @return the HTML
     */
    String template(String name, Map<String, ?> model, String layout);

    /**
     * Makes a JSON response of a value, with the status and headers set on the context.
     *
     * @param value any value the JSON mapper writes
     * @return the response, to return or send
     * @throws IllegalStateException if no JSON mapper is on the class path
     */
    Response json(Object value);

    // ---- flow control -------------------------------------------------------------------------------

    /**
     * Answers with a 302 redirect and ends the handler; the location is resolved against the request URL.
     *
     * @param location an absolute or relative URL
     * @return never returns normally
     */
    Response redirect(String location);

    /**
     * Answers with a redirect of a given status and ends the handler.
     *
     * @param location an absolute or relative URL
     * @param status a 3xx status
     * @return never returns normally
     */
    Response redirect(String location, int status);

    /**
     * Answers with the status and headers set so far and an empty body, and ends the handler.
     *
     * @return never returns normally
     */
    Response halt();

    /**
     * Answers with a status and a body, and ends the handler.
     *
     * @param status the status code
     * @param body a {@code String}, {@code byte[]} or {@link Response}
     * @return never returns normally
     */
    Response halt(int status, Object body);

    /**
     * Gives the request to the next route that matches it, and ends the handler.
     *
     * @return never returns normally
     */
    Response pass();

    /**
     * Answers with an error page (Dancer's {@code send_error}), and ends the handler: the app's handler for
     * that status if it has one, else Lindy's page. A 4xx's message reaches the client; a 5xx's only in
     * development mode.
     *
     * @param message what went wrong
     * @param status a 4xx or 5xx status
     * @return never returns normally
     */
    Response sendError(String message, int status);

    /**
     * Answers with a file of the public directory (Dancer's {@code send_file}), and ends the handler: with
     * its Content-Type, ETag and Last-Modified, conditional requests (304) and byte ranges (206). The disk is
     * read on a worker, so this works from an async callback too.
     *
     * @param publicPath the file's path under the public directory, such as {@code /docs/guide.pdf}
     * @return never returns normally
     * @throws HttpException 404, answered, when there is no such file
     */
    Response sendFile(String publicPath);

    /**
     * Answers with any file, and ends the handler.
     *
     * @param file the file, anywhere the app may read
     * @return never returns normally
     */
    Response sendFile(Path file);

    /**
     * Answers with a file to download under a name ({@code Content-Disposition: attachment}, RFC 6266, the
     * name in UTF-8 too), and ends the handler.
     *
     * @param file the file
     * @param downloadName the name the browser saves it as
     * @return never returns normally
     */
    Response sendFile(Path file, String downloadName);

    /**
     * Answers with bytes as a file, and ends the handler: ETag, conditional requests and ranges apply.
     *
     * @param bytes the content
     * @param contentType its media type, or a short name such as {@code csv}
     * @param downloadName a name to download it as, or null to show it inline
     * @return never returns normally
     */
    Response sendFile(byte[] bytes, String contentType, String downloadName);

    /**
     * Handles the request again as if it had asked for another path, without a round trip, and ends the
     * handler. Variables survive; the route's parameters are the new route's; {@code before} hooks run for
     * the new route. Ten forwards in a row end in a 500.
     *
     * @param path the path, with an optional query (else the request's query stays)
     * @return never returns normally
     */
    Response forward(String path);

    /**
     * Forwards with extra parameters, which win over the query and the body.
     *
     * @param path the path
     * @param params the extra parameters
     * @return never returns normally
     */
    Response forward(String path, Map<String, String> params);

    /**
     * Forwards with another method and extra parameters.
     *
     * @param method the method the new route answers
     * @param path the path
     * @param params the extra parameters
     * @return never returns normally
     */
    Response forward(Method method, String path, Map<String, String> params);

    // ---- request-scoped variables -------------------------------------------------------------------

    /**
     * Stores a variable for the rest of the request (hooks, routes and templates share them).
     *
     * @param name the name
     * @param value the value, or null to remove it
     * @return this context
     */
    Context var(String name, Object value);

    /**
     * Returns a variable.
     *
     * @param name the name
     * @param <T> the expected type
     * @return the value, or null
     */
    <T> T var(String name);

    /**
     * Returns every variable.
     *
     * @return an unmodifiable snapshot of the variables
     */
    Map<String, Object> vars();

    // ---- answering later ----------------------------------------------------------------------------

    /**
     * Takes the request's responder, to answer later from any thread; the route becomes asynchronous.
     *
     * @return the responder
     * @throws IllegalStateException if called a second time for this request
     */
    Responder respond();

    /**
     * Runs an action once on the request's event loop after a delay. Timers die with the request: they are
     * cancelled when the response completes, the deadline passes or the client leaves.
     *
     * @param delay the delay
     * @param action the action
     * @return a handle that cancels the timer
     */
    Cancellable after(Duration delay, Action action);

    /**
     * Runs an action repeatedly on the request's event loop until cancelled or the request ends.
     *
     * @param period the time between runs
     * @param action the action
     * @return a handle that cancels the timer
     */
    Cancellable every(Duration period, Action action);

    /**
     * Runs an action on the request's event loop soon, with keywords working inside it.
     *
     * @param action the action; it must not block
     */
    void execute(Action action);

    /**
     * Registers an action run when the client goes away before the response is complete, including while
     * a long poll is still waiting with nothing written.
     *
     * @param action the action, run on the event loop
     * @return this context
     */
    Context onClose(Action action);

    /**
     * Sets how long this request may stay pending before the client gets a 503, overriding the setting.
     *
     * @param deadline the time from now
     * @return this context
     */
    Context deadline(Duration deadline);

    /**
     * Tells whether the request can still be answered: not answered yet, not timed out, client connected.
     *
     * @return true while open
     */
    boolean isOpen();

    // ---- real time ----------------------------------------------------------------------------------

    /**
     * Answers with a stream of server-sent events ({@code text/event-stream}), taking the responder.
     *
     * @return the stream; see {@link SseEmitter} for its heartbeat and limits
     * @throws IllegalStateException if the responder was already taken
     */
    SseEmitter sse();

    /**
     * Subscribes this request to a topic of the app's hub, from now on: each message published to it runs
     * the listener on the request's event loop, as the request's callbacks run (keywords work; a failure
     * answers the request with a 500, or ends its stream). The subscription ends with the request: when it
     * is answered, times out or the client leaves.
     *
     * <pre>{@code
     * app.async(GET, "/next", ctx -> {
     *     Responder respond = ctx.respond();
     *     ctx.subscribe("news", message -> respond.send(message.data()));
     * });
     * }</pre>
     *
     * @param topic the topic
     * @param listener takes each message
     * @return the subscription, to cancel it earlier
     * @throws HttpException 400 if the topic is not a valid name (1 to 200 characters, no control characters)
     */
    Subscription subscribe(String topic, Listener listener);

    /**
     * Returns a topic of the app's hub, to answer this request with: as server-sent events
     * ({@code ctx.subscribe("chat").toSse()}) or as a long poll ({@code .poll()}), caught up from an id.
     *
     * @param topic the topic
     * @return the feed
     * @throws HttpException 400 if the topic is not a valid name
     */
    Feed subscribe(String topic);
}
