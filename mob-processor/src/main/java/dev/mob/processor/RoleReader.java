package dev.mob.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.mob.Exported;
import dev.mob.Role;
import dev.mob.processor.model.MethodModel;
import dev.mob.processor.model.ParamModel;
import dev.mob.processor.model.ResultKind;
import dev.mob.processor.model.RoleModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;

/**
 * Reads one {@code @Role} class into a {@link RoleModel}, reporting every problem it finds. Returns
 * empty when the role had any error, so nothing is generated for it.
 */
final class RoleReader {
    private static final Pattern ROLE_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final String MOB = "dev.mob.runtime.Mob";
    /** Names the generated client defines itself, plus Object's methods. */
    static final Set<String> RESERVED = Set.of("withTimeout", "toPid", "equals", "hashCode", "toString",
            "getClass", "notify", "notifyAll", "wait", "clone", "finalize");

    private final ErrorReporter errors;
    private final TypeChecker checker;

    RoleReader(ErrorReporter errors, TypeChecker checker) {
        this.errors = errors;
        this.checker = checker;
    }

    Optional<RoleModel> read(TypeElement type) {
        int before = errors.errorCount();
        Role role = type.getAnnotation(Role.class);
        AnnotationMirror mirror = mirror(type, Role.class.getName());
        if (!ROLE_NAME.matcher(role.name()).matches()) {
            errors.error(type, mirror, value(mirror, "name"), Messages.ROLE_NAME, role.name());
        }
        if (role.workers() < 1) {
            errors.error(type, mirror, value(mirror, "workers"), Messages.WORKERS, role.name(), role.workers());
        }
        checkClass(type);
        boolean takesMob = checkConstructor(type);
        List<MethodModel> methods = readMethods(type);
        if (errors.errorCount() > before) {
            return Optional.empty();
        }
        ClassName className = ClassName.get(type);
        String pkg = className.packageName();
        return Optional.of(new RoleModel(role.name(), role.workers(), List.of(role.jvmArgs()), className, takesMob,
                ClassName.get(pkg, clientSimpleName(role.name())),
                ClassName.get(pkg, String.join("_", className.simpleNames()) + "_MobDispatcher"),
                methods, type));
    }

    /** {@code front-end} gives {@code FrontEndClient}. */
    static String clientSimpleName(String roleName) {
        StringBuilder name = new StringBuilder();
        for (String part : roleName.split("-")) {
            if (!part.isEmpty()) {
                name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return name.append("Client").toString();
    }

    private void checkClass(TypeElement type) {
        if (type.getKind() != ElementKind.CLASS) {
            errors.error(type, Messages.ROLE_NOT_CLASS, type.getKind().toString().toLowerCase(Locale.ROOT)
                    + " " + type.getSimpleName());
            return;
        }
        if (!isPublic(type)) {
            errors.error(type, Messages.ROLE_NOT_PUBLIC, type.getQualifiedName());
        }
        if (type.getModifiers().contains(Modifier.ABSTRACT)) {
            errors.error(type, Messages.ROLE_ABSTRACT, type.getQualifiedName());
        }
        if (type.getNestingKind() != NestingKind.TOP_LEVEL && !type.getModifiers().contains(Modifier.STATIC)) {
            errors.error(type, Messages.ROLE_INNER, type.getQualifiedName());
        }
        if (!type.getTypeParameters().isEmpty()) {
            errors.error(type, Messages.ROLE_GENERIC, type.getQualifiedName());
        }
    }

    /** Public itself and every enclosing class public, so MobMain in another package can reach it. */
    private static boolean isPublic(TypeElement type) {
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            if (!e.getModifiers().contains(Modifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    /** Reports a missing usable constructor; returns whether the one to use takes {@code Mob}. */
    private boolean checkConstructor(TypeElement type) {
        if (type.getKind() != ElementKind.CLASS) {
            return false;
        }
        boolean noArgs = false;
        boolean mobArg = false;
        for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
            if (!constructor.getModifiers().contains(Modifier.PUBLIC)) {
                continue;
            }
            List<? extends VariableElement> params = constructor.getParameters();
            noArgs |= params.isEmpty();
            mobArg |= params.size() == 1 && checker.isExactly(params.get(0).asType(), MOB);
        }
        if (!noArgs && !mobArg) {
            errors.error(type, Messages.ROLE_CONSTRUCTOR, type.getQualifiedName());
        }
        return mobArg;
    }

    private List<MethodModel> readMethods(TypeElement type) {
        List<MethodModel> methods = new ArrayList<>();
        Map<String, ExecutableElement> byName = new HashMap<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            Exported exported = method.getAnnotation(Exported.class);
            if (exported == null) {
                continue;
            }
            String name = method.getSimpleName().toString();
            if (byName.putIfAbsent(name, method) != null) {
                errors.error(method, Messages.OVERLOADED, name, type.getQualifiedName());
                continue;
            }
            readMethod(method, exported).ifPresent(methods::add);
        }
        return methods;
    }

    private Optional<MethodModel> readMethod(ExecutableElement method, Exported exported) {
        int before = errors.errorCount();
        String name = method.getSimpleName().toString();
        String where = method.getEnclosingElement().getSimpleName() + "." + name;
        Set<Modifier> modifiers = method.getModifiers();
        if (!modifiers.contains(Modifier.PUBLIC)) {
            errors.error(method, Messages.EXPORTED_NOT_PUBLIC, where);
        }
        if (modifiers.contains(Modifier.STATIC)) {
            errors.error(method, Messages.EXPORTED_STATIC, where);
        }
        if (!method.getTypeParameters().isEmpty()) {
            errors.error(method, Messages.EXPORTED_GENERIC, where);
        }
        if (RESERVED.contains(name)) {
            errors.error(method, Messages.EXPORTED_RESERVED, name);
        }
        List<ParamModel> params = new ArrayList<>();
        for (VariableElement param : method.getParameters()) {
            params.add(readParam(where, param));
        }
        TypeMirror returned = method.getReturnType();
        ResultKind kind;
        TypeMirror result;
        if (returned.getKind() == TypeKind.VOID) {
            kind = ResultKind.VOID;
            result = null;
        } else if (checker.isExactly(returned, TypeChecker.COMPLETABLE_FUTURE)
                || checker.isExactly(returned, TypeChecker.COMPLETION_STAGE)) {
            kind = ResultKind.ASYNC;
            List<? extends TypeMirror> args = ((DeclaredType) returned).getTypeArguments();
            result = args.isEmpty() ? null : args.get(0);
            if (result instanceof WildcardType wildcard && wildcard.getExtendsBound() != null) {
                result = wildcard.getExtendsBound();
            }
            if (result == null) {
                errors.error(method, Messages.TYPE, "the result", where, returned,
                        "a raw future hides the result type; give its type argument");
            }
        } else {
            kind = ResultKind.VALUE;
            result = returned;
        }
        if (result != null) {
            String problem = checker.problem(result);
            if (problem != null) {
                errors.error(method, Messages.TYPE, "the result", where, result, problem);
            }
        }
        if (exported.nonBlocking()) {
            boolean waits = method.getThrownTypes().stream().anyMatch(t -> checker.isSubtype(t, "java.lang.InterruptedException"));
            if (waits || kind == ResultKind.ASYNC) {
                errors.error(method, Messages.EXPORTED_BLOCKING, where, waits ? "declares InterruptedException, so it waits"
                        : "returns a future: it holds no thread anyway");
            }
        }
        if (errors.errorCount() > before) {
            return Optional.empty();
        }
        TypeName resultType = result == null ? ClassName.get(Void.class) : TypeName.get(result).box();
        return Optional.of(new MethodModel(name, exported.idempotent(), exported.nonBlocking(), params, resultType, kind));
    }

    private ParamModel readParam(String where, VariableElement param) {
        TypeMirror type = param.asType();
        String label = "parameter '" + param.getSimpleName() + "'";
        if (checker.isExactly(type, TypeChecker.CALLBACK)) {
            List<? extends TypeMirror> args = ((DeclaredType) type).getTypeArguments();
            if (args.isEmpty()) {
                errors.error(param, Messages.TYPE, label, where, type,
                        "a raw Callback hides the value type; write Callback<T>");
                return new ParamModel(param.getSimpleName().toString(), TypeName.get(type), ClassName.OBJECT);
            }
            TypeMirror value = args.get(0);
            String problem = checker.problem(value);
            if (problem != null) {
                errors.error(param, Messages.TYPE, label, where, type, problem);
            }
            return new ParamModel(param.getSimpleName().toString(), TypeName.get(type), TypeName.get(value).box());
        }
        String problem = checker.problem(type);
        if (problem != null) {
            errors.error(param, Messages.TYPE, label, where, type, problem);
        }
        return new ParamModel(param.getSimpleName().toString(), TypeName.get(type), null);
    }

    static AnnotationMirror mirror(Element element, String annotation) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            if (((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().contentEquals(annotation)) {
                return mirror;
            }
        }
        return null;
    }

    static AnnotationValue value(AnnotationMirror mirror, String name) {
        if (mirror == null) {
            return null;
        }
        for (var entry : mirror.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
