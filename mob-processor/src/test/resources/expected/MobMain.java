package com.acme;

import dev.mob.runtime.spi.AppSpec;
import dev.mob.runtime.spi.Launcher;
import dev.mob.runtime.spi.RoleSpec;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Starts app {@code acme}: run with no arguments to start the Kingpin, which launches
 * every role's workers. Options: {@code --workers role=N} (repeatable), {@code --help}.
 */
@Generated("dev.mob.processor.MobProcessor")
public final class MobMain {
  private MobMain() {
  }

  /**
   * The app's role table.
   */
  public static AppSpec app() {
    return AppSpec.of("acme", MobMain.class, List.of(
          RoleSpec.of("back", 4, List.of("-Xmx64m"), BackgroundWorker.class, mob -> new BackgroundWorker(mob), new BackgroundWorker_MobDispatcher(), BackClient.class, BackClient::new)));
  }

  public static void main(String[] args) {
    Launcher.main(app(), args);
  }
}
