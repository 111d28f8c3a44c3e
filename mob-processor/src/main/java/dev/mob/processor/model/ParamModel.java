package dev.mob.processor.model;

import com.palantir.javapoet.TypeName;

/**
 * One parameter of an exported method. For a {@code Callback<T>} parameter, {@code callbackValue}
 * is {@code T}; otherwise it is null.
 */
public record ParamModel(String name, TypeName type, TypeName callbackValue) {
    public boolean isCallback() {
        return callbackValue != null;
    }
}
