package dev.mob.runtime.internal.mobster;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mob.runtime.Callback;
import dev.mob.runtime.internal.Json;
import dev.mob.runtime.spi.Args;
import dev.mob.runtime.spi.MobType;
import dev.mob.runtime.internal.wire.Link;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Streams a call's JSON argument array, decoding each argument straight into its declared type.
 * Callback arguments (ids) become callbacks to the caller: over the call's link, or, for the test
 * kit's calls in one JVM, whatever its {@link Callbacks} make of them.
 */
public final class WireArgs implements Args {
    /** Turns a callback argument's id into the callback the method receives. */
    @FunctionalInterface
    public interface Callbacks {
        Callback<Object> callback(long id);
    }

    private final JsonParser parser;
    private final Link link;
    private final int maxFrameBytes;
    private final Callbacks callbacks;
    private int index;

    WireArgs(byte[] payload, Link link, int maxFrameBytes) throws IOException {
        this(payload, link, maxFrameBytes, null);
    }

    /** Arguments whose callbacks {@code callbacks} provides (no link). */
    public WireArgs(byte[] payload, Callbacks callbacks) throws IOException {
        this(payload, null, 0, callbacks);
    }

    private WireArgs(byte[] payload, Link link, int maxFrameBytes, Callbacks callbacks) throws IOException {
        this.parser = Json.parser(payload);
        this.link = link;
        this.maxFrameBytes = maxFrameBytes;
        this.callbacks = callbacks;
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("call arguments are not a JSON array");
        }
    }

    @Override
    public <T> T next(MobType type) {
        try {
            if (parser.nextToken() == JsonToken.END_ARRAY || parser.currentToken() == null) {
                throw new IllegalArgumentException("missing argument " + index + " (a " + type + ")");
            }
            index++;
            return Json.reader(type).readValue(parser);
        } catch (IOException e) {
            throw new UncheckedIOException("argument " + index + " is not a " + type + ": " + e.getMessage(), e);
        }
    }

    @Override
    public <T> Callback<T> nextCallback(MobType valueType) {
        Long id = next(MobType.of(Long.class));
        if (id == null) {
            return null;
        }
        if (callbacks != null) {
            @SuppressWarnings("unchecked")
            Callback<T> local = (Callback<T>) callbacks.callback(id);
            return local;
        }
        return new RemoteCallback<>(link, id, maxFrameBytes);
    }
}
