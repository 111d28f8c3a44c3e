package dev.mob.runtime;

/** The base of every exception that mob raises. Unchecked. */
public class MobException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MobException(String message) {
        super(message);
    }

    public MobException(String message, Throwable cause) {
        super(message, cause);
    }
}
