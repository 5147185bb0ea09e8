package dev.lindy.bench.cluster;

import dev.lindy.json.JsonMapper;
import dev.lindy.session.internal.PlainData;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * JSON for the bench's hub messages, which are plain text: the bench keeps Jackson off its class path,
 * where Vert.x's platform fixes another version of it.
 */
final class PlainJson implements JsonMapper {
    @Override
    public byte[] write(Object value) {
        return PlainData.write(value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <T> T read(byte[] json, Type type) {
        @SuppressWarnings("unchecked")
        T value = (T) PlainData.read(new String(json, StandardCharsets.UTF_8));
        return value;
    }
}
