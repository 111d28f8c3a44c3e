/** The benchmark app: 4 echo workers, 1 sink and 1 driver, as many processes as the hello app. */
@MobApp(name = "bench")
package dev.mob.bench;

import dev.mob.MobApp;
