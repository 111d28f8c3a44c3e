package dev.mob.runtime.internal.boot;

import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Not mob's processor: a compile-time hint that it is missing. javac finds this one on the plain
 * class path (mob-runtime's jar) only when no processor path is configured (and, from JDK 23 on,
 * only with {@code -proc:full}); if mob's processor is not on the class path too, every
 * {@code @Role} would fail later with a bare "cannot find symbol BackClient", so this says why, on
 * the role's line, naming the configuration that fixes it.
 */
public final class MissingProcessorCheck extends AbstractProcessor {
    static final String MESSAGE = "[mob.processor.missing] %s is a @Role, but mob's annotation processor did not "
            + "run, so its client, dispatcher and MobMain were not generated. Put dev.mob:mob-processor on the "
            + "processor path: in maven-compiler-plugin (version 3.8 or later) <annotationProcessorPaths><path>"
            + "<groupId>dev.mob</groupId><artifactId>mob-processor</artifactId><version>...</version></path>"
            + "</annotationProcessorPaths>; in Gradle annotationProcessor(\"dev.mob:mob-processor\"). See the README.";

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("dev.mob.Role");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (annotations.isEmpty() || processorPresent()) {
            return false;
        }
        for (TypeElement annotation : annotations) {
            for (Element role : round.getElementsAnnotatedWith(annotation)) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        String.format(MESSAGE, role.getSimpleName()), role);
            }
        }
        return false;
    }

    private static boolean processorPresent() {
        try {
            Class.forName("dev.mob.processor.MobProcessor", false, MissingProcessorCheck.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
