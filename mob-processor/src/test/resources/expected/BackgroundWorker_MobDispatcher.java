package com.acme;

import dev.mob.runtime.spi.Args;
import dev.mob.runtime.spi.Dispatcher;
import dev.mob.runtime.spi.MobType;
import dev.mob.runtime.spi.Results;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import javax.annotation.processing.Generated;

/**
 * Calls the exported methods of {@link BackgroundWorker} for role {@code back}.
 */
@Generated("dev.mob.processor.MobProcessor")
public final class BackgroundWorker_MobDispatcher implements Dispatcher<BackgroundWorker> {
  private static final MobType PING_TIMES = MobType.of(int.class);

  private static final MobType SLOW_SQUARE_N = MobType.of(int.class);

  private static final MobType LOOKUP_KEY = MobType.of(String.class);

  private static final MobType LOOKUP_DONE = MobType.of(List.class, MobType.of(Item.class));

  private static final MobType BATCH_ITEMS = MobType.of(List.class, MobType.of(Map.class, MobType.of(String.class), MobType.of(Item.class)));

  private static final MobType BATCH_EXTRA = MobType.of(Item[].class);

  private static final MobType BATCH_CHANNEL = MobType.of(long.class);

  public BackgroundWorker_MobDispatcher() {
  }

  @Override
  public CompletionStage<?> dispatch(BackgroundWorker target, String method, Args args) throws
      Exception {
    switch (method) {
      case "foo":
        return Results.value(target.foo());
      case "ping":
        target.ping(args.next(PING_TIMES));
        return Results.done();
      case "slowSquare":
        return target.slowSquare(args.next(SLOW_SQUARE_N));
      case "flush":
        return target.flush();
      case "lookup":
        target.lookup(args.next(LOOKUP_KEY), args.nextCallback(LOOKUP_DONE));
        return Results.done();
      case "batch":
        return Results.value(target.batch(args.next(BATCH_ITEMS), args.next(BATCH_EXTRA), args.next(BATCH_CHANNEL)));
      default:
        throw Results.unknownMethod("back", method);
    }
  }
}
