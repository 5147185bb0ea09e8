package dev.lindy.json;

import java.lang.reflect.Type;

/**
 * Turns values into JSON and back: the seam for a JSON library. {@code lindy-jackson} implements it with
 * Jackson and registers it for {@link java.util.ServiceLoader}, so an app with that module on its class
 * path answers JSON without setting anything; {@code Settings.jsonMapper} chooses another.
 *
 * <p>Implementations are thread-safe. Reading fails with a {@link JsonException} whose message is safe to
 * show a client: where the JSON went wrong, never the text it held.
 */
public interface JsonMapper {
    /**
     * Writes a value as UTF-8 JSON.
     *
     * @param value any value the library can write
     * @return the JSON bytes
     * @throws JsonException if the value cannot be written
     */
    byte[] write(Object value);

    /**
     * Reads UTF-8 JSON into a value of a type.
     *
     * @param json the JSON bytes
     * @param type the type, a class or a generic type such as {@code List<Order>}
     * @param <T> the type
     * @return the value
     * @throws JsonException if the JSON is malformed or does not fit the type
     */
    <T> T read(byte[] json, Type type);
}
