package dev.mob.runtime.internal.wire;

import java.nio.charset.StandardCharsets;

/**
 * One decoded frame. On the wire: a 4-byte length of what follows, the kind (1 byte), an id
 * (8 bytes: call id, callback id or pid), a name (2-byte length and UTF-8: method, role or error
 * type) and a JSON payload filling the rest.
 */
public record Frame(byte kind, long id, String name, byte[] payload) {
    public static final int HEADER_BYTES = 1 + 8 + 2;

    public static final byte HELLO = 1;
    public static final byte HELLO_OK = 2;
    public static final byte CALL = 3;
    public static final byte REPLY = 4;
    public static final byte ERROR = 5;
    public static final byte CALLBACK = 6;
    public static final byte MESSAGE = 7;
    public static final byte DIRECTORY = 8;
    public static final byte READY = 9;
    public static final byte STOP = 10;
    /** The callee is draining and did not run the call; the caller may send it elsewhere. */
    public static final byte REJECTED = 11;
    /** Kingpin to a spare process: become {@code role#index} (JSON payload). */
    public static final byte ASSIGN = 12;
    /**
     * A call sent to a draining worker because its role has no ready one (the app is stopping):
     * the callee runs it until it has stopped, instead of refusing it.
     */
    public static final byte LAST_RESORT_CALL = 13;
    /** Mobster to Kingpin: drained, {@code Mobster.stop()} done; still serving last-resort calls. */
    public static final byte STOPPED = 14;
    /** Kingpin to mobster: every mobster has stopped; exit now. */
    public static final byte EXIT = 15;
    /** A sign of life on an idle link; see {@link Liveness}. */
    public static final byte PING = 16;
    /** Receiver to sender: this many more bytes of messages may come (flow control). */
    public static final byte CREDIT = 17;
    /** Mobster to Kingpin, every second: counters for {@code status} (JSON). */
    public static final byte STATS = 18;
    /** Kingpin to mobster: send your metrics (the id is the request's). */
    public static final byte METRICS_REQUEST = 19;
    /** Mobster to Kingpin: Prometheus text of its meters (the id is the request's). */
    public static final byte METRICS = 20;
    /** Mobster to Kingpin: {@code Mobster.start()} returned; it serves. */
    public static final byte SERVING = 21;

    static boolean isKnownKind(byte kind) {
        return kind >= HELLO && kind <= SERVING;
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Frame[kind=" + kind + ", id=" + id + ", name=" + name + ", " + payload.length + " bytes]";
    }
}
