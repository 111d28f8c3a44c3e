package dev.mob.runtime;

/**
 * A call's arguments, a result or a message serialized to more than the maximum frame size
 * (16 MiB unless {@code -Dmob.maxFrameBytes} says otherwise). Nothing was sent.
 */
public class PayloadTooLargeException extends MobException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(String message) {
        super(message);
    }
}
