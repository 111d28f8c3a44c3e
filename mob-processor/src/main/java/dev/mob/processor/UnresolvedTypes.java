package dev.mob.processor;

import dev.mob.Exported;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;

/** Whether a role's exported signatures still use a type that does not exist yet (another processor's). */
final class UnresolvedTypes {
    private UnresolvedTypes() {}

    static boolean in(TypeElement role) {
        for (ExecutableElement method : ElementFilter.methodsIn(role.getEnclosedElements())) {
            if (method.getAnnotation(Exported.class) == null) {
                continue;
            }
            if (unresolved(method.getReturnType())) {
                return true;
            }
            for (VariableElement parameter : method.getParameters()) {
                if (unresolved(parameter.asType())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean unresolved(TypeMirror type) {
        if (type == null) {
            return false;
        }
        if (type.getKind() == TypeKind.ERROR) {
            return true;
        }
        if (type instanceof ArrayType array) {
            return unresolved(array.getComponentType());
        }
        if (type instanceof WildcardType wildcard) {
            return unresolved(wildcard.getExtendsBound()) || unresolved(wildcard.getSuperBound());
        }
        if (type instanceof DeclaredType declared) {
            for (TypeMirror argument : declared.getTypeArguments()) {
                if (unresolved(argument)) {
                    return true;
                }
            }
        }
        return false;
    }
}
