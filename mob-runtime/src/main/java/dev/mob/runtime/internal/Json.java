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
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mob.runtime.JsonCustomizer;
import dev.mob.runtime.spi.MobType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON for two audiences. The app's payloads (arguments, results, callback values, messages) use
 * the app mapper: {@code java.time} and {@code Optional} supported, empty beans refused, and every
 * {@link JsonCustomizer} of the app applied. mob's own frames (handshake, directory, errors) use a
 * plain protocol mapper that no app setting can change. Thread-safe.
 */
public final class Json {
    private static final ObjectMapper PROTOCOL = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    /** The app mapper, built on first use (the Kingpin, which runs no app code, never builds it). */
    private static final class App {
        static final ObjectMapper MAPPER = create();
        static final ObjectWriter WRITER = MAPPER.writer();
        static final ConcurrentHashMap<MobType, ObjectReader> READERS = new ConcurrentHashMap<>();

        private static ObjectMapper create() {
            ObjectMapper mapper = new ObjectMapper()
                    .registerModule(new JavaTimeModule())
                    .registerModule(new Jdk8Module())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                    .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            for (JsonCustomizer customizer : ServiceLoader.load(JsonCustomizer.class, Json.class.getClassLoader())) {
                customizer.customize(mapper);
            }
            return mapper;
        }
    }

    /** Encodes an app payload. */
    public static byte[] write(Object value) {
        try {
            return App.WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + (value == null ? "null" : value.getClass().getName())
                    + " to JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Decodes an app payload. */
    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return App.MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A streaming parser over an app payload, for reading values one by one with {@link #reader}. */
    public static JsonParser parser(byte[] json) throws IOException {
        return App.MAPPER.createParser(json);
    }

    /** A reader of app payloads of {@code type}; cached (types are generated constants). */
    public static ObjectReader reader(MobType type) {
        ObjectReader reader = App.READERS.get(type);
        if (reader == null) {
            reader = App.READERS.computeIfAbsent(type, t -> App.MAPPER.readerFor(javaType(t)));
        }
        return reader;
    }

    public static JavaType javaType(MobType type) {
        TypeFactory factory = App.MAPPER.getTypeFactory();
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

    /** Encodes one of mob's own frames' payloads. */
    public static byte[] writeProtocol(Object value) {
        try {
            return PROTOCOL.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + value.getClass().getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Decodes one of mob's own frames' payloads. */
    public static <T> T readProtocol(byte[] json, Class<T> type) {
        try {
            return PROTOCOL.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
