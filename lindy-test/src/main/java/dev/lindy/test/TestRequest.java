package dev.lindy.test;

import dev.lindy.http.Headers;
import dev.lindy.test.internal.Call;
import dev.lindy.test.internal.Outgoing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A request being prepared by a {@link TestClient}: add headers, query parameters and a body, then
 * {@link #send()}, {@link #sendAsync()} or {@link #stream()}.
 */
public final class TestRequest {
    private final TestClient client;
    private String method;
    private String path;
    private final StringBuilder query = new StringBuilder();
    private final Headers.Builder headers = Headers.builder();
    private byte[] body = new byte[0];

    TestRequest(TestClient client, String method, String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a test path starts with /: " + path);
        }
        this.client = client;
        this.method = method;
        this.path = path;
    }

    /**
     * Adds a header.
     *
     * @param name the name
     * @param value the value
     * @return this request
     */
    public TestRequest header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /**
     * Adds a query parameter, encoded.
     *
     * @param name the name
     * @param value the value
     * @return this request
     */
    public TestRequest query(String name, String value) {
        query.append(query.length() == 0 ? "" : "&").append(encode(name)).append('=').append(encode(value));
        return this;
    }

    /**
     * Sets a form body ({@code application/x-www-form-urlencoded}) from name/value pairs.
     *
     * @param namesAndValues name, value, name, value...
     * @return this request
     */
    public TestRequest form(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form(fields);
    }

    /**
     * Sets a form body from a map.
     *
     * @param fields the fields, in order
     * @return this request
     */
    public TestRequest form(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(encode(k)).append('=').append(encode(v)));
        return body("application/x-www-form-urlencoded", sb.toString());
    }

    /**
     * Sets a JSON body.
     *
     * @param json the JSON text
     * @return this request
     */
    public TestRequest json(String json) {
        return body("application/json", json);
    }

    /**
     * Sets a text body with its content type.
     *
     * @param contentType the media type
     * @param text the body, sent as UTF-8
     * @return this request
     */
    public TestRequest body(String contentType, String text) {
        headers.set("Content-Type", contentType);
        this.body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /**
     * Sets a raw body.
     *
     * @param bytes the body
     * @return this request
     */
    public TestRequest body(byte[] bytes) {
        this.body = bytes.clone();
        return this;
    }

    /**
     * Sends the request and waits for the whole response, following redirects if the client does.
     *
     * @return the response
     * @throws UncheckedIOException if the request failed or timed out
     */
    public TestResponse send() {
        TestResponse response = sendAsync().await();
        for (int hops = 0; client.followsRedirects() && isRedirect(response.status()) && hops < 10; hops++) {
            String location = response.header("Location");
            if (location == null) {
                break;
            }
            URI next = URI.create(location);
            path = next.getRawPath() == null || next.getRawPath().isEmpty() ? "/" : next.getRawPath();
            query.setLength(0);
            if (next.getRawQuery() != null) {
                query.append(next.getRawQuery());
            }
            if (response.status() != 307 && response.status() != 308) {
                method = "GET";
                body = new byte[0];
                headers.remove("Content-Type");
            }
            response = sendAsync().await();
        }
        return response;
    }

    /**
     * Sends the request and returns at once, to await or disconnect from later.
     *
     * @return the pending response
     */
    public PendingResponse sendAsync() {
        return new PendingResponse(open(), client.timeout(), client);
    }

    /**
     * Sends the request and waits for the response's head only, to read the body as it arrives.
     *
     * @return the streaming response
     * @throws UncheckedIOException if no head arrives in time
     */
    public StreamingResponse stream() {
        Call call = open();
        try {
            Call.Head head = call.head.get(client.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return new StreamingResponse(call, head, client.timeout());
        } catch (TimeoutException e) {
            throw new UncheckedIOException(new IOException("no response head within " + client.timeout()));
        } catch (ExecutionException e) {
            throw new UncheckedIOException(new IOException("the request failed: " + e.getCause(), e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }

    private Call open() {
        Headers.Builder h = headers.build().newBuilder();
        String cookie = client.cookieHeader();
        if (cookie != null && h.get("Cookie") == null) {
            h.add("Cookie", cookie);
        }
        h.setIfAbsent("Host", "127.0.0.1");
        String target = path;
        if (query.length() > 0) {
            target += (path.indexOf('?') < 0 ? "?" : "&") + query;
        }
        return client.connector().open(new Outgoing(method, target, h.build(), body));
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
