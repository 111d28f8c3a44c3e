package dev.mob.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import dev.mob.Exported;
import dev.mob.MobApp;
import dev.mob.Role;
import dev.mob.processor.model.AppModel;
import dev.mob.processor.model.RoleModel;
import dev.mob.processor.writer.ClientWriter;
import dev.mob.processor.writer.DispatcherWriter;
import dev.mob.processor.writer.MainWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Turns {@code @Role} classes into typed clients, dispatchers and a {@code MobMain} per app.
 *
 * <p>Each round: read every role into a model (reporting all problems, never stopping at the
 * first), plan the apps, then write. A role with any error gets no generated code, and neither does
 * its app's {@code MobMain}, so the only errors the user sees are ours, on their own lines.
 */
@AutoService(Processor.class)
public final class MobProcessor extends AbstractProcessor {

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(Role.class.getName(), Exported.class.getName(), MobApp.class.getName());
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    /**
     * Roles (and the @MobApp elements seen with them) put off to a later round because their
     * exported signatures use types that another processor has not generated yet; by name, since
     * elements are not carried across rounds.
     */
    private final Set<String> deferredRoles = new TreeSet<>();
    private final Set<String> deferredApps = new TreeSet<>();

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        ErrorReporter errors = new ErrorReporter(processingEnv.getMessager());
        try {
            checkExportedOutsideRoles(round, errors);
            List<TypeElement> roleTypes = new ArrayList<>();
            for (Element element : round.getElementsAnnotatedWith(Role.class)) {
                roleTypes.add((TypeElement) element);
            }
            List<Element> appElements = new ArrayList<>(round.getElementsAnnotatedWith(MobApp.class));
            for (String name : deferredRoles) {
                Optional.ofNullable(processingEnv.getElementUtils().getTypeElement(name)).ifPresent(roleTypes::add);
            }
            for (String name : deferredApps) {
                Element app = processingEnv.getElementUtils().getTypeElement(name);
                if (app == null) {
                    app = processingEnv.getElementUtils().getPackageElement(name);
                }
                if (app != null) {
                    appElements.add(app);
                }
            }
            deferredRoles.clear();
            deferredApps.clear();
            List<TypeElement> unresolved = roleTypes.stream().filter(UnresolvedTypes::in).toList();
            if (!unresolved.isEmpty() && !round.processingOver()) {
                // MobMain needs every role of its app: put the whole batch off to the next round.
                roleTypes.forEach(t -> deferredRoles.add(t.getQualifiedName().toString()));
                appElements.forEach(e -> deferredApps.add(e instanceof TypeElement t ? t.getQualifiedName().toString()
                        : ((javax.lang.model.element.PackageElement) e).getQualifiedName().toString()));
                return false;
            }
            for (TypeElement type : unresolved) {
                errors.error(type, Messages.TYPE_UNRESOLVED, type.getSimpleName());
            }
            processRound(round, roleTypes, appElements, errors);
        } catch (RuntimeException | Error e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, String.format(Messages.INTERNAL, trace));
        }
        return false;
    }

    private void processRound(RoundEnvironment round, List<TypeElement> roleTypes, List<Element> appElements,
            ErrorReporter errors) {
        TypeChecker checker = new TypeChecker(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
        RoleReader reader = new RoleReader(errors, checker);
        roleTypes = new ArrayList<>(roleTypes);
        roleTypes.sort(Comparator.comparing(t -> t.getQualifiedName().toString()));
        if (roleTypes.isEmpty()) {
            return;
        }

        List<RoleModel> roles = new ArrayList<>();
        List<TypeElement> failed = new ArrayList<>();
        Map<String, TypeElement> byName = new HashMap<>();
        for (TypeElement type : roleTypes) {
            Role role = type.getAnnotation(Role.class);
            TypeElement previous = byName.putIfAbsent(role.name(), type);
            if (previous != null) {
                AnnotationValueRef ref = AnnotationValueRef.of(type, Role.class.getName(), "name");
                errors.error(type, ref.mirror(), ref.value(), Messages.ROLE_DUPLICATE, role.name(),
                        previous.getQualifiedName());
                failed.add(type);
                try {
                    reader.read(type); // its other problems too, in the same compile
                } catch (RuntimeException e) {
                    errors.error(type, Messages.INTERNAL, stackTrace(e));
                }
                continue;
            }
            if (UnresolvedTypes.in(type)) {
                failed.add(type); // reported above, in the last round
                continue;
            }
            try {
                Optional<RoleModel> model = reader.read(type);
                model.filter(m -> clientIsFree(m, type, roles, round, errors)).ifPresentOrElse(roles::add,
                        () -> failed.add(type));
            } catch (RuntimeException e) {
                // One role's crash costs that role, not the others.
                failed.add(type);
                errors.error(type, Messages.INTERNAL, stackTrace(e));
            }
        }

        List<AppModel> apps = new AppPlanner(errors, processingEnv.getElementUtils()).plan(new java.util.LinkedHashSet<>(appElements), roles, failed);
        for (RoleModel role : roles) {
            try {
                write(ClientWriter.write(role), role.origin());
                write(DispatcherWriter.write(role), role.origin());
            } catch (RuntimeException e) {
                errors.error(role.origin(), Messages.INTERNAL, stackTrace(e));
            }
        }
        for (AppModel app : apps) {
            write(MainWriter.write(app), app.origins().get(0));
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    /** The generated client's name must not clash with a user class or another role's client. */
    private boolean clientIsFree(RoleModel role, TypeElement type, List<RoleModel> earlier, RoundEnvironment round,
            ErrorReporter errors) {
        ClassName client = role.client();
        for (RoleModel other : earlier) {
            if (other.client().equals(client)) {
                errors.error(type, Messages.CLIENT_DUPLICATE, client, role.name(), "the client of role '" + other.name() + "'");
                return false;
            }
        }
        // Only a class compiled from source in this compilation counts: a client generated by an
        // earlier build may sit on the class path and is about to be replaced.
        TypeElement existing = processingEnv.getElementUtils().getTypeElement(client.canonicalName());
        if (existing != null && round.getRootElements().contains(existing)) {
            errors.error(type, Messages.CLIENT_DUPLICATE, client, role.name(), "an existing class of that name");
            return false;
        }
        return true;
    }

    private static void checkExportedOutsideRoles(RoundEnvironment round, ErrorReporter errors) {
        for (ExecutableElement method : ElementFilter.methodsIn(round.getElementsAnnotatedWith(Exported.class))) {
            Element owner = method.getEnclosingElement();
            if (owner.getAnnotation(Role.class) == null) {
                errors.error(method, Messages.EXPORTED_OUTSIDE_ROLE, method.getSimpleName(), owner.getSimpleName());
            }
        }
    }

    private void write(JavaFile file, Element origin) {
        try {
            file.writeTo(processingEnv.getFiler());
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    String.format(Messages.INTERNAL, "could not write " + file.packageName() + "." + file.typeSpec().name()
                            + ": " + e), origin);
        }
    }
}
