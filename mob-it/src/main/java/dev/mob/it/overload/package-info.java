/** A test app for overload and partial failure: a slow sink, a worker that hangs, and a driver. */
@MobApp(name = "overload")
package dev.mob.it.overload;

import dev.mob.MobApp;
