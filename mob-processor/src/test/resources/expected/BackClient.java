package com.acme;

import dev.mob.runtime.Callback;
import dev.mob.runtime.spi.ClientChannel;
import dev.mob.runtime.spi.MethodDescriptor;
import dev.mob.runtime.spi.MobType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.annotation.processing.Generated;

/**
 * Typed client for role {@code back}, served by {@link BackgroundWorker}.
 *
 * <p>Obtain one with {@code mob.require(BackClient.class)}. Immutable and thread-safe: every method
 * returns at once with a future that completes on a mob callback thread.
 */
@Generated("dev.mob.processor.MobProcessor")
public final class BackClient {
  public static final String ROLE = "back";

  private static final MethodDescriptor<String> FOO = MethodDescriptor.of(ROLE, "foo", MobType.of(String.class), true);

  private static final MethodDescriptor<Void> PING = MethodDescriptor.of(ROLE, "ping", MobType.of(Void.class), false);

  private static final MethodDescriptor<Integer> SLOW_SQUARE = MethodDescriptor.of(ROLE, "slowSquare", MobType.of(Integer.class), false);

  private static final MethodDescriptor<Void> FLUSH = MethodDescriptor.of(ROLE, "flush", MobType.of(Void.class), false);

  private static final MethodDescriptor<Void> LOOKUP = MethodDescriptor.of(ROLE, "lookup", MobType.of(Void.class), false);

  private static final MobType LOOKUP_DONE_TYPE = MobType.of(List.class, MobType.of(Item.class));

  private static final MethodDescriptor<List<Map<String, Item>>> BATCH = MethodDescriptor.of(ROLE, "batch", MobType.of(List.class, MobType.of(Map.class, MobType.of(String.class), MobType.of(Item.class))), false);

  private final ClientChannel channel;

  /**
   * For the runtime; applications use {@code mob.require(BackClient.class)}.
   */
  public BackClient(ClientChannel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
  }

  /**
   * Calls {@link BackgroundWorker#foo} on a worker of role {@code back}.
   */
  public CompletableFuture<String> foo() {
    return this.channel.call(FOO);
  }

  /**
   * Calls {@link BackgroundWorker#ping} on a worker of role {@code back}.
   */
  public CompletableFuture<Void> ping(int times) {
    return this.channel.call(PING, times);
  }

  /**
   * Calls {@link BackgroundWorker#slowSquare} on a worker of role {@code back}.
   */
  public CompletableFuture<Integer> slowSquare(int n) {
    return this.channel.call(SLOW_SQUARE, n);
  }

  /**
   * Calls {@link BackgroundWorker#flush} on a worker of role {@code back}.
   */
  public CompletableFuture<Void> flush() {
    return this.channel.call(FLUSH);
  }

  /**
   * Calls {@link BackgroundWorker#lookup} on a worker of role {@code back}.
   */
  public CompletableFuture<Void> lookup(String key, Callback<List<Item>> done) {
    return this.channel.call(LOOKUP, key, this.channel.callback(done, LOOKUP_DONE_TYPE));
  }

  /**
   * Calls {@link BackgroundWorker#batch} on a worker of role {@code back}.
   */
  public CompletableFuture<List<Map<String, Item>>> batch(List<Map<String, Item>> items,
      Item[] extra, long channel) {
    return this.channel.call(BATCH, items, extra, channel);
  }

  /**
   * A copy of this client whose calls fail with {@code MobTimeoutException} after {@code timeout}.
   */
  public BackClient withTimeout(Duration timeout) {
    return new BackClient(this.channel.withTimeout(timeout));
  }

  /**
   * A copy of this client whose calls all go to the worker with {@code pid}; they never move
   * to another worker, and fail with {@code MobsterLostException} if it dies.
   */
  public BackClient toPid(long pid) {
    return new BackClient(this.channel.toPid(pid));
  }

  @Override
  public String toString() {
    return "BackClient@" + this.channel;
  }
}
