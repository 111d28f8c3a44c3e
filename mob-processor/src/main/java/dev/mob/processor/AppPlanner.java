package dev.mob.processor;

import dev.mob.MobApp;
import dev.mob.processor.model.AppModel;
import dev.mob.processor.model.RoleModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Groups roles into apps and places each app's {@code MobMain}. A role belongs to the
 * {@code @MobApp} of its package or the nearest enclosing package; roles under no {@code @MobApp}
 * form one implicit app when they share a package, and are an error otherwise.
 */
final class AppPlanner {
    private static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final ErrorReporter errors;
    private final Elements elements;

    AppPlanner(ErrorReporter errors, Elements elements) {
        this.errors = errors;
        this.elements = elements;
    }

    private record Declared(String name, Element element) {}

    /**
     * Apps for {@code roles}, sorted by package. {@code failed} names roles whose reading failed:
     * they still count for placement but their app is not generated (it would not compile).
     */
    List<AppModel> plan(Set<? extends Element> appElements, List<RoleModel> roles, List<TypeElement> failed) {
        Map<String, Declared> declared = new TreeMap<>();
        for (Element element : appElements) {
            String pkg = packageOf(element);
            MobApp app = element.getAnnotation(MobApp.class);
            if (!APP_NAME.matcher(app.name()).matches()) {
                AnnotationValueRef ref = AnnotationValueRef.of(element, MobApp.class.getName(), "name");
                errors.error(element, ref.mirror(), ref.value(), Messages.APP_NAME, app.name());
            }
            if (declared.putIfAbsent(pkg, new Declared(app.name(), element)) != null) {
                errors.error(element, Messages.APP_DUPLICATE, pkg.isEmpty() ? "(default)" : pkg);
            }
        }

        Map<String, List<RoleModel>> members = new LinkedHashMap<>();
        Set<String> brokenApps = new TreeSet<>();
        Map<String, List<Element>> uncovered = new TreeMap<>();
        for (RoleModel role : roles) {
            String appPkg = covering(declared, role.type().packageName());
            if (appPkg == null) {
                uncovered.computeIfAbsent(role.type().packageName(), k -> new ArrayList<>()).add(role.origin());
            }
            members.computeIfAbsent(appPkg == null ? role.type().packageName() : appPkg, k -> new ArrayList<>())
                    .add(role);
        }
        for (TypeElement type : failed) {
            String pkg = packageOf(type);
            String appPkg = covering(declared, pkg);
            if (appPkg == null) {
                uncovered.computeIfAbsent(pkg, k -> new ArrayList<>()).add(type);
            }
            brokenApps.add(appPkg == null ? pkg : appPkg);
        }
        if (uncovered.size() > 1) {
            for (List<Element> elementsInPkg : uncovered.values()) {
                for (Element element : elementsInPkg) {
                    errors.error(element, Messages.APP_MISSING, String.join(", ", uncovered.keySet()));
                }
            }
            return List.of();
        }

        List<AppModel> apps = new ArrayList<>();
        for (Map.Entry<String, List<RoleModel>> entry : members.entrySet()) {
            String pkg = entry.getKey();
            if (brokenApps.contains(pkg)) {
                continue;
            }
            List<RoleModel> appRoles = new ArrayList<>(entry.getValue());
            appRoles.sort(Comparator.comparing(RoleModel::name));
            Declared app = declared.get(pkg);
            List<Element> origins = new ArrayList<>();
            appRoles.forEach(r -> origins.add(r.origin()));
            if (app != null) {
                origins.add(app.element());
            }
            apps.add(new AppModel(app != null ? app.name() : implicitName(pkg), pkg, appRoles, origins));
        }
        apps.sort(Comparator.comparing(AppModel::packageName));
        return apps;
    }

    private static String covering(Map<String, Declared> declared, String pkg) {
        String best = null;
        for (String appPkg : declared.keySet()) {
            boolean covers = appPkg.isEmpty() || pkg.equals(appPkg) || pkg.startsWith(appPkg + ".");
            if (covers && (best == null || appPkg.length() > best.length())) {
                best = appPkg;
            }
        }
        return best;
    }

    private static String implicitName(String pkg) {
        return pkg.isEmpty() ? "mob" : pkg.substring(pkg.lastIndexOf('.') + 1);
    }

    private String packageOf(Element element) {
        PackageElement pkg = element instanceof PackageElement p ? p : elements.getPackageOf(element);
        return pkg.getQualifiedName().toString();
    }
}
