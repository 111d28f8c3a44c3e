package com.acme;

import dev.mob.Exported;
import dev.mob.Role;
import dev.mob.runtime.Callback;
import dev.mob.runtime.Mob;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

@Role(name = "back", workers = 4, jvmArgs = "-Xmx64m")
public class BackgroundWorker {
    public BackgroundWorker(Mob mob) {}

    @Exported(idempotent = true)
    public String foo() {
        return "Bar!";
    }

    @Exported
    public void ping(int times) {}

    @Exported
    public CompletableFuture<Integer> slowSquare(int n) {
        return CompletableFuture.completedFuture(n * n);
    }

    @Exported
    public CompletionStage<Void> flush() {
        return CompletableFuture.completedFuture(null);
    }

    @Exported
    public void lookup(String key, Callback<List<Item>> done) {}

    @Exported
    public List<Map<String, Item>> batch(List<Map<String, Item>> items, Item[] extra, long channel) {
        return items;
    }

    public void notExported() {}
}
