package dev.mob.runtime;

/**
 * The process serving a call died or was cut off before it answered. The call may or may not have
 * run. Raised at once when the connection drops, not at the deadline.
 */
public class MobsterLostException extends MobException {
    private static final long serialVersionUID = 1L;
    private final String role;
    private final long pid;

    public MobsterLostException(String role, long pid, String message) {
        super(message);
        this.role = role;
        this.pid = pid;
    }

    /** The role of the lost process. */
    public String role() {
        return role;
    }

    /** The pid of the lost process. */
    public long pid() {
        return pid;
    }
}
