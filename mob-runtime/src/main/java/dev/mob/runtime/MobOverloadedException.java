package dev.mob.runtime;

/**
 * A call or message was refused because the receiving side was full: every worker of the role
 * had its queue of calls full, or too many calls were already waiting for a worker of the role to
 * become ready. The call did not run; it is safe to try again later.
 */
public class MobOverloadedException extends MobException {
    private static final long serialVersionUID = 1L;
    private final String role;

    public MobOverloadedException(String role, String message) {
        super(message);
        this.role = role;
    }

    /** The role that was full. */
    public String role() {
        return role;
    }
}
