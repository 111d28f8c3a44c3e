package dev.mob.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/** An annotation on an element and one of its values, for pointing a diagnostic at the value. */
record AnnotationValueRef(AnnotationMirror mirror, AnnotationValue value) {
    static AnnotationValueRef of(Element element, String annotation, String name) {
        AnnotationMirror mirror = RoleReader.mirror(element, annotation);
        return new AnnotationValueRef(mirror, RoleReader.value(mirror, name));
    }
}
