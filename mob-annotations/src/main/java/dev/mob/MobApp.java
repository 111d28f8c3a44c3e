package dev.mob;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names an app and places its generated {@code MobMain} in the annotated type's package (or the
 * annotated package). The app holds every {@link Role} in that package and its sub-packages
 * (the innermost {@code @MobApp} wins when apps nest). Without any {@code @MobApp}, all roles of a
 * compilation must share one package, which then holds {@code MobMain}, and the app is named after
 * the last segment of that package.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
public @interface MobApp {
    /** The app name, used as the prefix of log lines and process names. */
    String name();
}
