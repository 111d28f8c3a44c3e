package dev.mob.runtime.internal.mobster;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The call pool: up to {@code max} threads, started only when no thread is idle to take a call,
 * so quick methods keep a few hot threads while blocking methods still get up to {@code max}
 * (the default JDK pool would either start all {@code max} threads or never grow past its core).
 * Calls beyond {@code max} wait in the queue. Threads above two retire after 30 s idle.
 */
final class ElasticPool {
    private ElasticPool() {}

    static ThreadPoolExecutor create(int max, ThreadFactory threads) {
        HandOffQueue queue = new HandOffQueue();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(Math.min(2, max), max, 30, TimeUnit.SECONDS, queue, threads,
                (task, executor) -> queue.force(task));
        queue.pool = pool;
        return pool;
    }

    private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
        private static final long serialVersionUID = 1L;
        transient volatile ThreadPoolExecutor pool;

        @Override
        public boolean offer(Runnable task) {
            if (tryTransfer(task)) {
                return true;
            }
            // Refusing makes the executor start another thread; at the maximum, queue instead.
            return pool.getPoolSize() >= pool.getMaximumPoolSize() && super.offer(task);
        }

        void force(Runnable task) {
            super.offer(task);
        }
    }
}
