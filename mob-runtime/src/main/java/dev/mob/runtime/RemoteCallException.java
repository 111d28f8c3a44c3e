package dev.mob.runtime;

/**
 * The remote method threw. The message reads {@code "<remote type>: <remote message>"}, the stack
 * trace is the remote one, and {@link #role()}, {@link #pid()} and {@link #method()} say where it
 * ran.
 */
public class RemoteCallException extends MobException {
    private static final long serialVersionUID = 1L;
    private final String remoteType;
    private final String remoteMessage;
    private final String role;
    private final long pid;
    private final String method;

    public RemoteCallException(
            String remoteType, String remoteMessage, String role, long pid, String method, StackTraceElement[] stack) {
        super(remoteType + (remoteMessage == null ? "" : ": " + remoteMessage)
                + " (in " + role + "." + method + " at pid " + pid + ")");
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
        this.role = role;
        this.pid = pid;
        this.method = method;
        setStackTrace(stack);
    }

    /** The fully qualified class name of the exception thrown remotely. */
    public String remoteType() {
        return remoteType;
    }

    /** The message of the exception thrown remotely, possibly null. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** The role of the process where the method ran. */
    public String role() {
        return role;
    }

    /** The pid of the process where the method ran. */
    public long pid() {
        return pid;
    }

    /** The name of the exported method. */
    public String method() {
        return method;
    }
}
