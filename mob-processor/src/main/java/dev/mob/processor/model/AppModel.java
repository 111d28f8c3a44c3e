package dev.mob.processor.model;

import java.util.List;
import javax.lang.model.element.Element;

/** One app: its name, the package of its {@code MobMain}, and its roles in a stable order. */
public record AppModel(String name, String packageName, List<RoleModel> roles, List<Element> origins) {
    public AppModel {
        roles = List.copyOf(roles);
        origins = List.copyOf(origins);
    }
}
