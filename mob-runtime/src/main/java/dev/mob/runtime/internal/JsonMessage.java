package dev.mob.runtime.internal;

import dev.mob.runtime.Message;
import java.nio.charset.StandardCharsets;

/** A received message: who sent it, and its JSON, decoded on demand with the app's mapper. Immutable. */
public class JsonMessage implements Message {
    private final long fromPid;
    private final String fromRole;
    private final String fromHost;
    private final byte[] payload;

    public JsonMessage(long fromPid, String fromRole, byte[] payload) {
        this(fromPid, fromRole, "", payload);
    }

    public JsonMessage(long fromPid, String fromRole, String fromHost, byte[] payload) {
        this.fromPid = fromPid;
        this.fromRole = fromRole;
        this.fromHost = fromHost;
        this.payload = payload;
    }

    @Override
    public long fromPid() {
        return fromPid;
    }

    @Override
    public String fromRole() {
        return fromRole;
    }

    @Override
    public String fromHost() {
        return fromHost;
    }

    public byte[] payload() {
        return payload;
    }

    @Override
    public <T> T as(Class<T> type) {
        try {
            return Json.read(payload, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("message from pid " + fromPid + " is not a " + type.getName()
                    + ": " + json(), e);
        }
    }

    @Override
    public String json() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Message(from " + fromRole + " pid " + MobsterIds.osPid(fromPid) + (fromHost.isEmpty() ? "" : " on " + fromHost) + ": "
                + json() + ")";
    }
}
