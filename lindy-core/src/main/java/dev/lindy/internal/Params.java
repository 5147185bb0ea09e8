package dev.lindy.internal;

import dev.lindy.HttpException;
import dev.lindy.http.Request;
import dev.lindy.json.JsonException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The parameters of one request, from its four sources: the route's captures, the extra parameters of a
 * {@code forward}, the query, and the body (a form, a multipart form's plain fields, or a JSON object's
 * top-level fields). When a name is in
 * several, the most specific wins: route, then forward, then query, then body. The body is read on first
 * use; a malformed one is an {@link HttpException} 400. Safe from any thread.
 */
final class Params {
    private static final Map<String, List<String>> NONE = Collections.emptyMap();

    private final Request request;
    private final RouteMatch match;
    private final Map<String, String> forwarded;
    private final Json json;
    private final Supplier<Map<String, List<String>>> formFields;
    private volatile Map<String, List<String>> body;

    Params(Request request, RouteMatch match, Map<String, String> forwarded, Json json,
            Supplier<Map<String, List<String>>> formFields) {
        this.request = request;
        this.match = match;
        this.forwarded = forwarded;
        this.json = json;
        this.formFields = formFields;
    }

    String get(String name) {
        String v = match == null ? null : match.params().get(name);
        if (v == null) {
            v = forwarded.get(name);
        }
        if (v == null) {
            v = request.queryParam(name);
        }
        if (v == null) {
            List<String> b = body().get(name);
            v = b == null ? null : b.get(0);
        }
        return v;
    }

    List<String> values(String name) {
        String v = match == null ? null : match.params().get(name);
        if (v == null) {
            v = forwarded.get(name);
        }
        if (v != null) {
            return List.of(v);
        }
        List<String> q = request.queryParams().get(name);
        if (q != null) {
            return q;
        }
        List<String> b = body().get(name);
        return b == null ? List.of() : b;
    }

    Map<String, String> all() {
        Map<String, String> out = new LinkedHashMap<>();
        body().forEach((k, v) -> out.put(k, v.get(0)));
        request.queryParams().forEach((k, v) -> out.put(k, v.get(0)));
        out.putAll(forwarded);
        if (match != null) {
            out.putAll(match.params());
        }
        return Collections.unmodifiableMap(out);
    }

    Map<String, String> source(String source) {
        switch (source) {
            case "route": {
                Map<String, String> out = new LinkedHashMap<>(forwarded);
                if (match != null) {
                    out.putAll(match.params());
                }
                return Collections.unmodifiableMap(out);
            }
            case "query":
                return first(request.queryParams());
            case "body":
                return first(body());
            default:
                throw new IllegalArgumentException("parameters come from 'route', 'query' or 'body', not '" + source + "'");
        }
    }

    private static Map<String, String> first(Map<String, List<String>> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v.get(0)));
        return Collections.unmodifiableMap(out);
    }

    private Map<String, List<String>> body() {
        if (request.bodyFile() != null || mediaType(request.header("Content-Type")).equals("multipart/form-data")) {
            // Read before the handler ran, on a worker; not cached, for it is set once the route matched.
            return formFields.get();
        }
        Map<String, List<String>> b = body;
        if (b == null) {
            b = parseBody();
            body = b;
        }
        return b;
    }

    private Map<String, List<String>> parseBody() {
        byte[] bytes = request.body();
        if (bytes.length == 0) {
            return NONE;
        }
        String type = mediaType(request.header("Content-Type"));
        if (type.equals("application/x-www-form-urlencoded")) {
            try {
                return Urls.parseQuery(utf8(bytes));
            } catch (IllegalArgumentException e) {
                throw new HttpException(400, "The form body is malformed: " + e.getMessage());
            }
        }
        if ((type.equals("application/json") || type.endsWith("+json")) && json.available()) {
            Object tree;
            try {
                tree = json.mapper().read(bytes, Object.class);
            } catch (JsonException e) {
                throw new HttpException(400, "The JSON body is malformed: " + e.getMessage());
            }
            return Json.topLevelFields(tree);
        }
        return NONE;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8");
        }
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
