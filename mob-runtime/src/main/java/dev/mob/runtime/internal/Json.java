package dev.mob.runtime.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.mob.runtime.spi.MobType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;

/** The one configured {@link ObjectMapper} and the conversions around it. Thread-safe. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectWriter WRITER = MAPPER.writer();

    private Json() {}

    public static byte[] write(Object value) {
        try {
            return WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + value.getClass().getName() + " to JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A streaming parser over {@code json}, for reading values one by one with {@link #reader}. */
    public static JsonParser parser(byte[] json) throws IOException {
        return MAPPER.createParser(json);
    }

    /** A reader for {@code type}; cached (types are generated constants, so a lookup is by identity). */
    public static ObjectReader reader(MobType type) {
        ObjectReader reader = READERS.get(type);
        if (reader == null) {
            reader = READERS.computeIfAbsent(type, t -> MAPPER.readerFor(javaType(t)));
        }
        return reader;
    }

    private static final ConcurrentHashMap<MobType, ObjectReader> READERS = new ConcurrentHashMap<>();

    public static JavaType javaType(MobType type) {
        TypeFactory factory = MAPPER.getTypeFactory();
        if (type.component() != null) {
            return factory.constructArrayType(javaType(type.component()));
        }
        if (type.arguments().isEmpty()) {
            return factory.constructType(type.raw());
        }
        JavaType[] args = new JavaType[type.arguments().size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = javaType(type.arguments().get(i));
        }
        return factory.constructParametricType(type.raw(), args);
    }
}
