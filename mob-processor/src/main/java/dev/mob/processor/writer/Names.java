package dev.mob.processor.writer;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Runtime names that generated code refers to, and code for spelling types at run time. */
final class Names {
    static final String PROCESSOR = "dev.mob.processor.MobProcessor";
    private static final String SPI = "dev.mob.runtime.spi";

    static final ClassName MOB_TYPE = ClassName.get(SPI, "MobType");
    static final ClassName METHOD_DESCRIPTOR = ClassName.get(SPI, "MethodDescriptor");
    static final ClassName CLIENT_CHANNEL = ClassName.get(SPI, "ClientChannel");
    static final ClassName DISPATCHER = ClassName.get(SPI, "Dispatcher");
    static final ClassName ARGS = ClassName.get(SPI, "Args");
    static final ClassName RESULTS = ClassName.get(SPI, "Results");
    static final ClassName ROLE_SPEC = ClassName.get(SPI, "RoleSpec");
    static final ClassName APP_SPEC = ClassName.get(SPI, "AppSpec");
    static final ClassName LAUNCHER = ClassName.get(SPI, "Launcher");
    static final ClassName MOB = ClassName.get("dev.mob.runtime", "Mob");
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
    static final ClassName COMPLETABLE_FUTURE = ClassName.get("java.util.concurrent", "CompletableFuture");
    static final ClassName COMPLETION_STAGE = ClassName.get("java.util.concurrent", "CompletionStage");

    private Names() {}

    static AnnotationSpec generated() {
        return AnnotationSpec.builder(GENERATED).addMember("value", "$S", PROCESSOR).build();
    }

    /** {@code slowSquare} gives {@code SLOW_SQUARE}. */
    static String constantCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** An expression building the {@code MobType} for {@code type}, e.g. {@code MobType.of(List.class, ...)}. */
    static CodeBlock mobType(TypeName type) {
        TypeName bare = type.withoutAnnotations();
        if (bare instanceof WildcardTypeName wildcard) {
            return mobType(wildcard.lowerBounds().isEmpty() ? wildcard.upperBounds().get(0) : wildcard.lowerBounds().get(0));
        }
        if (bare instanceof ParameterizedTypeName parameterized) {
            List<CodeBlock> args = new ArrayList<>();
            args.add(CodeBlock.of("$T.class", parameterized.rawType().withoutAnnotations()));
            for (TypeName argument : parameterized.typeArguments()) {
                args.add(mobType(argument));
            }
            return CodeBlock.of("$T.of($L)", MOB_TYPE, CodeBlock.join(args, ", "));
        }
        if (bare instanceof ArrayTypeName array && !isReifiable(array)) {
            return CodeBlock.of("$T.arrayOf($L)", MOB_TYPE, mobType(array.componentType()));
        }
        return CodeBlock.of("$T.of($T.class)", MOB_TYPE, stripAnnotations(bare));
    }

    private static boolean isReifiable(TypeName type) {
        if (type instanceof ArrayTypeName array) {
            return isReifiable(array.componentType());
        }
        return type instanceof ClassName || type.isPrimitive();
    }

    private static TypeName stripAnnotations(TypeName type) {
        if (type instanceof ArrayTypeName array) {
            return ArrayTypeName.of(stripAnnotations(array.componentType()));
        }
        return type.withoutAnnotations();
    }
}
