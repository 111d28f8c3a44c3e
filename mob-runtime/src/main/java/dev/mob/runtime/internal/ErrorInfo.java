package dev.mob.runtime.internal;

import dev.mob.runtime.PayloadTooLargeException;
import dev.mob.runtime.RemoteCallException;
import java.util.ArrayList;
import java.util.List;

/** The payload of an ERROR frame: what the remote method threw. */
public record ErrorInfo(String type, String message, List<Frame> stack) {
    public record Frame(String c, String m, String f, int l) {}

    public static ErrorInfo of(Throwable t) {
        List<Frame> stack = new ArrayList<>();
        for (StackTraceElement e : t.getStackTrace()) {
            stack.add(new Frame(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber()));
        }
        return new ErrorInfo(t.getClass().getName(), t.getMessage(), stack);
    }

    /** The exception to fail the caller's future with. */
    public RuntimeException toException(String role, long pid, String host, String method) {
        if (PayloadTooLargeException.class.getName().equals(type)) {
            return new PayloadTooLargeException("the result of " + role + "." + method + " at pid " + pid
                    + " was too large: " + message);
        }
        StackTraceElement[] trace = new StackTraceElement[stack == null ? 0 : stack.size()];
        for (int i = 0; i < trace.length; i++) {
            Frame f = stack.get(i);
            trace[i] = new StackTraceElement(f.c(), f.m(), f.f(), f.l());
        }
        return new RemoteCallException(type, message, role, pid, host, method, trace);
    }
}
