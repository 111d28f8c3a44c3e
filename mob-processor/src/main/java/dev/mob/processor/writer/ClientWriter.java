package dev.mob.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.mob.processor.model.MethodModel;
import dev.mob.processor.model.ParamModel;
import dev.mob.processor.model.RoleModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Role>Client}: one method per exported method, each a single call into
 * {@code ClientChannel}, plus {@code ROLE}, {@code withTimeout} and {@code toPid}.
 */
public final class ClientWriter {
    private ClientWriter() {}

    public static JavaFile write(RoleModel role) {
        ClassName client = role.client();
        NameAllocator names = new NameAllocator();
        names.newName("ROLE");
        names.newName("channel");
        for (MethodModel method : role.methods()) {
            method.params().forEach(p -> names.newName(p.name(), method.name() + "#" + p.name()));
        }

        TypeSpec.Builder type = TypeSpec.classBuilder(client)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addAnnotation(Names.generated())
                .addOriginatingElement(role.origin())
                .addJavadoc("Typed client for role {@code $L}, served by {@link $T}.\n\n", role.name(), role.type())
                .addJavadoc("<p>Obtain one with {@code mob.require($T.class)}. Immutable and thread-safe: every method\n"
                        + "returns at once with a future that completes on a mob callback thread.\n", client)
                .addField(FieldSpec.builder(String.class, "ROLE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .initializer("$S", role.name())
                        .build());

        List<MethodSpec> methods = new ArrayList<>();
        for (MethodModel method : role.methods()) {
            String descriptor = names.newName(Names.constantCase(method.name()), method.name());
            type.addField(FieldSpec.builder(
                            ParameterizedTypeName.get(Names.METHOD_DESCRIPTOR, method.resultType()), descriptor,
                            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$T.of(ROLE, $S, $L, $L)", Names.METHOD_DESCRIPTOR, method.name(),
                            Names.mobType(method.resultType()), method.idempotent())
                    .build());
            List<CodeBlock> args = new ArrayList<>();
            args.add(CodeBlock.of("$N", descriptor));
            for (ParamModel param : method.params()) {
                if (param.isCallback()) {
                    String valueType = names.newName(
                            Names.constantCase(method.name()) + "_" + Names.constantCase(param.name()) + "_TYPE");
                    type.addField(FieldSpec.builder(Names.MOB_TYPE, valueType,
                                    Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                            .initializer(Names.mobType(param.callbackValue()))
                            .build());
                    args.add(CodeBlock.of("this.channel.callback($N, $N)", param.name(), valueType));
                } else {
                    args.add(CodeBlock.of("$N", param.name()));
                }
            }
            MethodSpec.Builder spec = MethodSpec.methodBuilder(method.name())
                    .addModifiers(Modifier.PUBLIC)
                    .returns(ParameterizedTypeName.get(Names.COMPLETABLE_FUTURE, method.resultType()))
                    .addJavadoc("Calls {@link $T#$L} on a worker of role {@code $L}.\n", role.type(), method.name(),
                            role.name());
            for (ParamModel param : method.params()) {
                spec.addParameter(param.type(), param.name());
            }
            spec.addStatement("return this.channel.call($L)", CodeBlock.join(args, ", "));
            methods.add(spec.build());
        }

        type.addField(Names.CLIENT_CHANNEL, "channel", Modifier.PRIVATE, Modifier.FINAL);
        type.addMethod(MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("For the runtime; applications use {@code mob.require($T.class)}.\n", client)
                .addParameter(Names.CLIENT_CHANNEL, "channel")
                .addStatement("this.channel = $T.requireNonNull(channel, $S)", Objects.class, "channel")
                .build());
        type.addMethods(methods);
        type.addMethod(MethodSpec.methodBuilder("withTimeout")
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("A copy of this client whose calls fail with {@code MobTimeoutException} after {@code timeout}.\n")
                .returns(client)
                .addParameter(Duration.class, "timeout")
                .addStatement("return new $T(this.channel.withTimeout(timeout))", client)
                .build());
        type.addMethod(MethodSpec.methodBuilder("toPid")
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("A copy of this client whose calls all go to the worker with {@code pid}; they never move\n"
                        + "to another worker, and fail with {@code MobsterLostException} if it dies.\n")
                .returns(client)
                .addParameter(long.class, "pid")
                .addStatement("return new $T(this.channel.toPid(pid))", client)
                .build());
        type.addMethod(MethodSpec.methodBuilder("toString")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return $S + this.channel", client.simpleName() + "@")
                .build());
        return JavaFile.builder(client.packageName(), type.build()).skipJavaLangImports(true).build();
    }
}
