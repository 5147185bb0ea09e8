package dev.lindy.internal;

import dev.lindy.json.JsonMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The app's JSON mapper: the one the settings name, else the first one {@link ServiceLoader} finds, looked
 * up on first use. Without one, using JSON fails with a message that names the artifact to add.
 */
final class Json {
    private final JsonMapper given;
    private volatile JsonMapper found;

    Json(JsonMapper given) {
        this.given = given;
    }

    JsonMapper mapper() {
        JsonMapper m = find();
        if (m == null) {
            throw new IllegalStateException("JSON needs a JsonMapper on the class path: add the artifact"
                    + " dev.lindy:lindy-jackson (the lindy starter has it), or set Settings.jsonMapper");
        }
        return m;
    }

    /** Tells whether a mapper is there: without one, a JSON body brings no parameters rather than a 500. */
    boolean available() {
        return find() != null;
    }

    private JsonMapper find() {
        if (given != null) {
            return given;
        }
        JsonMapper m = found;
        if (m == null) {
            Iterator<JsonMapper> it = ServiceLoader.load(JsonMapper.class, Json.class.getClassLoader()).iterator();
            if (it.hasNext()) {
                m = it.next();
                found = m;
            }
        }
        return m;
    }

    /** Returns the top-level fields of a JSON object as parameters: text, numbers and booleans, as text. */
    static Map<String, List<String>> topLevelFields(Object tree) {
        if (!(tree instanceof Map)) {
            return Collections.emptyMap();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        ((Map<?, ?>) tree).forEach((k, v) -> {
            if (k instanceof String && (v instanceof String || v instanceof Number || v instanceof Boolean)) {
                List<String> one = new ArrayList<>(1);
                one.add(v.toString());
                out.put((String) k, Collections.unmodifiableList(one));
            }
        });
        return Collections.unmodifiableMap(out);
    }
}
