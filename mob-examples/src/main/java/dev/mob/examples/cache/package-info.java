/**
 * A second example: one stateful {@code store} worker (the original's advice for in-process
 * state), readers with a near cache kept fresh by invalidation messages, a callback-taking method,
 * and messages to all, any and one pid. Run with
 * {@code java -cp mob-examples/target/mob-examples.jar dev.mob.examples.cache.MobMain}.
 */
@MobApp(name = "cache")
package dev.mob.examples.cache;

import dev.mob.MobApp;
