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
    private final String host;

    public RemoteCallException(
            String remoteType, String remoteMessage, String role, long pid, String method, StackTraceElement[] stack) {
        this(remoteType, remoteMessage, role, pid, "", method, stack);
    }

    /** {@code host}: where the method ran, in a cluster; empty on a single host. */
    public RemoteCallException(String remoteType, String remoteMessage, String role, long pid, String host,
            String method, StackTraceElement[] stack) {
        super(remoteType + (remoteMessage == null ? "" : ": " + remoteMessage)
                + " (in " + role + "." + method + " at pid " + (pid & 0xFFFF_FFFFL)
                + (host == null || host.isEmpty() ? "" : " on host " + host) + ")");
        this.host = host == null ? "" : host;
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

    /** The host where the method ran ({@code --host}); empty on a single host. */
    public String host() {
        return host;
    }

    /** The pid (in a cluster, the mobster id) of the process where the method ran. */
    public long pid() {
        return pid;
    }

    /** The name of the exported method. */
    public String method() {
        return method;
    }
}
