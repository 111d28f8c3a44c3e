package dev.mob.runtime;

/** A call's deadline passed before it was answered. A late answer is dropped. */
public class MobTimeoutException extends MobException {
    private static final long serialVersionUID = 1L;

    public MobTimeoutException(String message) {
        super(message);
    }
}
