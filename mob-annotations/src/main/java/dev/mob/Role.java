package dev.mob;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose instances run as the workers ("mobsters") of one role.
 *
 * <p>The class must be public, concrete, top-level or static nested, not generic, and have a
 * public constructor taking either no arguments or a single {@code dev.mob.runtime.Mob}. Each
 * worker process constructs exactly one instance. Its {@link Exported} methods become the methods
 * of a generated client, {@code <Name>Client}, where {@code Name} is {@link #name()} in
 * UpperCamelCase ({@code "front-end"} gives {@code FrontEndClient}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Role {
    /** The role name: lower-case letters, digits and single dashes, starting with a letter. */
    String name();

    /** How many worker processes the Kingpin keeps alive for this role; at least 1. */
    int workers() default 1;

    /** Extra JVM arguments for this role's worker processes, e.g. {@code "-Xmx256m"}. */
    String[] jvmArgs() default {};
}
