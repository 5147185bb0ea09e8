package dev.lindy.jackson;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.lindy.json.JsonException;
import dev.lindy.json.JsonMapper;
import java.io.IOException;
import java.lang.reflect.Type;

/**
 * Lindy's JSON through Jackson: found on the class path with {@link java.util.ServiceLoader}, or given to
 * {@code Settings.jsonMapper} around an {@link ObjectMapper} of your own.
 *
 * <p>The default mapper writes {@code java.time} values as ISO-8601 text ({@code "2026-11-28T00:00:00Z"},
 * {@code "PT5S"} for a {@code Duration}), reads them back from it, and ignores unknown properties when
 * reading. Failures to read become a {@link JsonException} whose message gives the place (line and
 * column, or the field's path) and never the JSON's text.
 *
 * <pre>{@code
 * Settings settings = Settings.builder().jsonMapper(new JacksonJsonMapper(myObjectMapper)).build();
 * }</pre>
 */
public final class JacksonJsonMapper implements JsonMapper {
    private final ObjectMapper mapper;

    /** Creates the mapper Lindy uses by default. */
    public JacksonJsonMapper() {
        this(new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
    }

    /**
     * Wraps an object mapper of your own.
     *
     * @param mapper the mapper, configured as you like
     */
    public JacksonJsonMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Returns the Jackson mapper, to configure it further.
     *
     * @return the object mapper
     */
    public ObjectMapper mapper() {
        return mapper;
    }

    @Override
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new JsonException("cannot write a " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public <T> T read(byte[] json, Type type) {
        try {
            return mapper.readValue(json, mapper.constructType(type));
        } catch (IOException e) {
            throw failure(e);
        }
    }

    // Malformed text wins over a mismatch: databind wraps the parser's failure when it meets it mid-value.
    private static JsonException failure(IOException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException) {
                return new JsonException("malformed JSON" + at(((StreamReadException) t).getLocation()), failure);
            }
        }
        if (failure instanceof MismatchedInputException) {
            MismatchedInputException e = (MismatchedInputException) failure;
            return new JsonException(field(e) + "does not fit: expected " + describe(e.getTargetType()), e);
        }
        if (failure instanceof JsonMappingException) {
            return new JsonException(field((JsonMappingException) failure) + "does not fit the expected shape", failure);
        }
        return new JsonException("the JSON could not be read", failure);
    }

    private static String field(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "the JSON " : "field '" + path + "' ";
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class && type != char.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object (" + type.getSimpleName() + ")";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
