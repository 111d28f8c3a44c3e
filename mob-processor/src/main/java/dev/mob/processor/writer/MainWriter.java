package dev.mob.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.mob.processor.model.AppModel;
import dev.mob.processor.model.RoleModel;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/** Writes an app's {@code MobMain}: its role table and a {@code main} that hands it to the runtime. */
public final class MainWriter {
    private MainWriter() {}

    public static JavaFile write(AppModel app) {
        ClassName main = ClassName.get(app.packageName(), "MobMain");
        List<CodeBlock> roles = new ArrayList<>();
        for (RoleModel role : app.roles()) {
            List<CodeBlock> jvmArgs = new ArrayList<>();
            role.jvmArgs().forEach(arg -> jvmArgs.add(CodeBlock.of("$S", arg)));
            CodeBlock factory = role.takesMob()
                    ? CodeBlock.of("mob -> new $T(mob)", role.type())
                    : CodeBlock.of("mob -> new $T()", role.type());
            roles.add(CodeBlock.of("$T.of($S, $L, $T.of($L), $T.class, $L, new $T(), $T.class, $T::new)",
                    Names.ROLE_SPEC, role.name(), role.workers(), List.class, CodeBlock.join(jvmArgs, ", "),
                    role.type(), factory, role.dispatcher(), role.client(), role.client()));
        }
        TypeSpec.Builder type = TypeSpec.classBuilder(main)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addAnnotation(Names.generated())
                .addJavadoc("Starts app {@code $L}: run with no arguments to start the Kingpin, which launches\n"
                        + "every role's workers. Options: {@code --workers role=N} (repeatable), {@code --help}.\n",
                        app.name());
        for (Element origin : app.origins()) {
            type.addOriginatingElement(origin);
        }
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        type.addMethod(MethodSpec.methodBuilder("app")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("The app's role table.\n")
                .returns(Names.APP_SPEC)
                .addStatement("return $T.of($S, $T.class, $T.of(\n$>$L$<))", Names.APP_SPEC, app.name(), main,
                        List.class, CodeBlock.join(roles, ",\n"))
                .build());
        type.addMethod(MethodSpec.methodBuilder("main")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameter(String[].class, "args")
                .addStatement("$T.main(app(), args)", Names.LAUNCHER)
                .build());
        return JavaFile.builder(main.packageName(), type.build()).skipJavaLangImports(true).build();
    }
}
