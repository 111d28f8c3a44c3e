/**
 * The node original's example: 4 background workers and 2 HTTP fronts sharing port 1337.
 * Start it with {@code java -jar mob-examples/target/mob-examples.jar}.
 */
@MobApp(name = "hello")
package dev.mob.examples.hello;

import dev.mob.MobApp;
