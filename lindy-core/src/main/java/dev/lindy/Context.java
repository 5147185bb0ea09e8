package dev.lindy;

import dev.lindy.http.Request;
import dev.lindy.http.Response;
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
 * <p>{@link #halt}, {@link #redirect} and {@link #pass} end the handler or callback they are called in.
 * Their return type lets a handler write {@code return ctx.redirect("/login");}.
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
     * Returns a parameter: a route parameter if the route has one of that name, else the first query value.
     *
     * @param name the parameter name
     * @return the value, or null if absent
     */
    String param(String name);

    /**
     * Returns every value of a parameter: the route parameter, or all query values.
     *
     * @param name the parameter name
     * @return the values, empty if absent
     */
    List<String> paramValues(String name);

    /**
     * Returns all parameters, query ones first and route ones over them (route wins).
     *
     * @return an unmodifiable map from name to first value
     */
    Map<String, String> params();

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
}
