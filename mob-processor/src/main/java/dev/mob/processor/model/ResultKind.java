package dev.mob.processor.model;

/** How an exported method delivers its result. */
public enum ResultKind {
    /** Returns a value synchronously. */
    VALUE,
    /** Returns {@code void}. */
    VOID,
    /** Returns a {@code CompletableFuture} or {@code CompletionStage}. */
    ASYNC
}
