package dev.mob.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** Reports errors on the offending element and counts them; never throws, so one compile shows all. */
final class ErrorReporter {
    private final Messager messager;
    private int errors;

    ErrorReporter(Messager messager) {
        this.messager = messager;
    }

    void error(Element element, String format, Object... args) {
        errors++;
        messager.printMessage(Diagnostic.Kind.ERROR, String.format(format, args), element);
    }

    void error(Element element, AnnotationMirror annotation, AnnotationValue value, String format, Object... args) {
        errors++;
        messager.printMessage(Diagnostic.Kind.ERROR, String.format(format, args), element, annotation, value);
    }

    int errorCount() {
        return errors;
    }
}
