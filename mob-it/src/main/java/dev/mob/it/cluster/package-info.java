/**
 * A test app over several hosts: {@code back} workers say where they run; a {@code front} on
 * another host checks calls, callbacks, errors and messages across hosts, then keeps calling and
 * prints, every 200 ms, which hosts answered.
 */
@MobApp(name = "clusterit")
package dev.mob.it.cluster;

import dev.mob.MobApp;
