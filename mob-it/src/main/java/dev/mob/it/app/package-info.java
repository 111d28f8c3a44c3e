/** A test app: a calculator role, a driver that runs scenarios, and a listener for messages. */
@MobApp(name = "itapp")
package dev.mob.it.app;

import dev.mob.MobApp;
