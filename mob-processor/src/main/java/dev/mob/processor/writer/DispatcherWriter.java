package dev.mob.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.mob.processor.model.MethodModel;
import dev.mob.processor.model.ParamModel;
import dev.mob.processor.model.RoleModel;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Class>_MobDispatcher}: a {@code switch} on the method name that decodes each
 * argument with its full generic type and calls the method directly.
 */
public final class DispatcherWriter {
    private DispatcherWriter() {}

    public static JavaFile write(RoleModel role) {
        ClassName dispatcher = role.dispatcher();
        NameAllocator names = new NameAllocator();
        TypeSpec.Builder type = TypeSpec.classBuilder(dispatcher)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addAnnotation(Names.generated())
                .addOriginatingElement(role.origin())
                .addSuperinterface(ParameterizedTypeName.get(Names.DISPATCHER, role.type()))
                .addJavadoc("Calls the exported methods of {@link $T} for role {@code $L}.\n", role.type(), role.name());

        CodeBlock.Builder body = CodeBlock.builder().beginControlFlow("switch (method)");
        for (MethodModel method : role.methods()) {
            List<CodeBlock> args = new ArrayList<>();
            for (ParamModel param : method.params()) {
                String field = names.newName(Names.constantCase(method.name()) + "_" + Names.constantCase(param.name()));
                type.addField(FieldSpec.builder(Names.MOB_TYPE, field, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer(Names.mobType(param.isCallback() ? param.callbackValue() : param.type()))
                        .build());
                args.add(CodeBlock.of(param.isCallback() ? "args.nextCallback($N)" : "args.next($N)", field));
            }
            CodeBlock call = CodeBlock.of("target.$N($L)", method.name(), CodeBlock.join(args, ", "));
            body.add("case $S:\n", method.name()).indent();
            switch (method.resultKind()) {
                case VALUE -> body.addStatement("return $T.value($L)", Names.RESULTS, call);
                case ASYNC -> body.addStatement("return $L", call);
                case VOID -> body.addStatement("$L", call).addStatement("return $T.done()", Names.RESULTS);
            }
            body.unindent();
        }
        body.add("default:\n").indent()
                .addStatement("throw $T.unknownMethod($S, method)", Names.RESULTS, role.name())
                .unindent()
                .endControlFlow();

        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).build());
        type.addMethod(MethodSpec.methodBuilder("dispatch")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(Names.COMPLETION_STAGE, WildcardTypeName.subtypeOf(Object.class)))
                .addParameter(role.type(), "target")
                .addParameter(String.class, "method")
                .addParameter(Names.ARGS, "args")
                .addException(Exception.class)
                .addCode(body.build())
                .build());
        List<String> nonBlocking = role.methods().stream().filter(MethodModel::nonBlocking).map(MethodModel::name).toList();
        if (!nonBlocking.isEmpty()) {
            CodeBlock listed = CodeBlock.join(nonBlocking.stream().map(n -> CodeBlock.of("$S", n)).toList(), ", ");
            type.addField(FieldSpec.builder(ParameterizedTypeName.get(java.util.Set.class, String.class), "NON_BLOCKING",
                    Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$T.of($L)", java.util.Set.class, listed).build());
            type.addMethod(MethodSpec.methodBuilder("nonBlocking")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(boolean.class)
                    .addParameter(String.class, "method")
                    .addStatement("return NON_BLOCKING.contains(method)")
                    .build());
        }
        return JavaFile.builder(dispatcher.packageName(), type.build()).skipJavaLangImports(true).build();
    }
}
