package dev.lindy.test;

import dev.lindy.test.internal.Connector;
import dev.lindy.test.internal.CookieJar;
import java.time.Duration;
import java.util.Map;

/**
 * An HTTP client for tests: every verb, cookies kept across calls, redirects followed only when asked.
 *
 * <pre>{@code
 * TestClient client = host.client();
 * client.post("/login").form("user", "ann").send();
 * assertEquals("hello ann", client.get("/me").send().text());
 * }</pre>
 */
public final class TestClient {
    private final Connector connector;
    private final CookieJar cookies = new CookieJar();
    private volatile boolean followRedirects;
    private volatile Duration timeout = Duration.ofSeconds(30);

    TestClient(Connector connector) {
        this.connector = connector;
    }

    /**
     * Starts a GET request.
     *
     * @param path the path, with an optional query
     * @return the request
     */
    public TestRequest get(String path) {
        return request("GET", path);
    }

    /**
     * Starts a HEAD request.
     *
     * @param path the path
     * @return the request
     */
    public TestRequest head(String path) {
        return request("HEAD", path);
    }

    /**
     * Starts a POST request.
     *
     * @param path the path
     * @return the request
     */
    public TestRequest post(String path) {
        return request("POST", path);
    }

    /**
     * Starts a PUT request.
     *
     * @param path the path
     * @return the request
     */
    public TestRequest put(String path) {
        return request("PUT", path);
    }

    /**
     * Starts a PATCH request.
     *
     * @param path the path
     * @return the request
     */
    public TestRequest patch(String path) {
        return request("PATCH", path);
    }

    /**
     * Starts a DELETE request.
     *
     * @param path the path
     * @return the request
     */
    public TestRequest delete(String path) {
        return request("DELETE", path);
    }

    /**
     * Starts an OPTIONS request.
     *
     * @param path the path
     * @return the request
     */
    public TestRequest options(String path) {
        return request("OPTIONS", path);
    }

    /**
     * Starts a request with any method.
     *
     * @param method the method token
     * @param path the path, starting with {@code /}, with an optional query
     * @return the request
     */
    public TestRequest request(String method, String path) {
        return new TestRequest(this, method, path);
    }

    /**
     * Makes {@code send} follow redirects (up to 10), re-sending as GET after 301, 302 and 303.
     *
     * @param follow true to follow
     * @return this client
     */
    public TestClient followRedirects(boolean follow) {
        this.followRedirects = follow;
        return this;
    }

    /**
     * Sets how long {@code send} and {@code await} wait for a response; 30 s unless set.
     *
     * @param timeout the limit
     * @return this client
     */
    public TestClient timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /**
     * Returns the cookies the client holds.
     *
     * @return name to value
     */
    public Map<String, String> cookies() {
        return cookies.snapshot();
    }

    Connector connector() {
        return connector;
    }

    boolean followsRedirects() {
        return followRedirects;
    }

    Duration timeout() {
        return timeout;
    }

    String cookieHeader() {
        return cookies.header();
    }

    void received(TestResponse response) {
        cookies.receive(response.headers());
    }
}
