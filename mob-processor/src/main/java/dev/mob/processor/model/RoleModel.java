package dev.mob.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.Element;

/**
 * One {@code @Role} class, validated. {@code origin} is only handed to the filer as the originating
 * element of generated files; writers read nothing else from it.
 */
public record RoleModel(String name, int workers, List<String> jvmArgs, ClassName type, boolean takesMob,
        ClassName client, ClassName dispatcher, List<MethodModel> methods, Element origin) {
    public RoleModel {
        jvmArgs = List.copyOf(jvmArgs);
        methods = List.copyOf(methods);
    }
}
