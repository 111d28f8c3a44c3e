package dev.mob.processor.model;

import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * One exported method. {@code resultType} is the boxed type the client's future carries:
 * {@code Void} for {@code void}, the inner type for an async method.
 */
public record MethodModel(String name, boolean idempotent, boolean nonBlocking, List<ParamModel> params,
        TypeName resultType, ResultKind resultKind) {
    public MethodModel {
        params = List.copyOf(params);
    }
}
