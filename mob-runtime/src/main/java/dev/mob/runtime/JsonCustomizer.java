package dev.mob.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Configures the {@link ObjectMapper} that encodes an app's call arguments, results, callback
 * values and messages: extra modules, a naming strategy, mix-ins. Every process of the app applies
 * the same customizers (they are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.mob.runtime.JsonCustomizer}), so both sides of a call agree.
 *
 * <p>mob's mapper already knows {@code java.time} types (written as ISO-8601 strings) and
 * {@code Optional}, ignores unknown properties, and refuses to send an object with no properties
 * (which would arrive as {@code {}}). Called once per process, before the first message or call.
 */
@FunctionalInterface
public interface JsonCustomizer {
    void customize(ObjectMapper mapper);
}
