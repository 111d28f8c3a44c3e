package dev.mob.runtime.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Helpers for generated dispatchers. */
public final class Results {
    private static final CompletionStage<Object> DONE = CompletableFuture.completedStage(null);

    private Results() {}

    /** A completed stage holding a synchronous method's result. */
    public static CompletionStage<Object> value(Object value) {
        return CompletableFuture.completedStage(value);
    }

    /** The completed stage of a {@code void} method. */
    public static CompletionStage<Object> done() {
        return DONE;
    }

    /** For a method name that the dispatcher does not know (a client built against other code). */
    public static UnsupportedOperationException unknownMethod(String role, String method) {
        return new UnsupportedOperationException(
                "role '" + role + "' has no exported method '" + method
                        + "'; were the caller and this worker built from the same code?");
    }
}
