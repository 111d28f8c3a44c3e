package dev.mob.processor;

/**
 * Every diagnostic the processor reports, in one place. Each starts with a stable tag that users
 * can grep for and tests assert on; the rest of the text says what to do.
 */
public final class Messages {
    private Messages() {}

    public static final String ROLE_NAME =
            "[mob.role.name] role name '%s' is invalid: use lower-case letters, digits and single dashes, "
                    + "starting with a letter (e.g. \"back\" or \"front-end\")";
    public static final String ROLE_DUPLICATE =
            "[mob.role.duplicate] role name '%s' is already used by %s";
    public static final String CLIENT_DUPLICATE =
            "[mob.client.duplicate] the client class %s for role '%s' clashes with %s; rename the role";
    public static final String WORKERS =
            "[mob.workers] role '%s' has workers = %d; a role needs at least 1 worker";
    public static final String ROLE_NOT_CLASS =
            "[mob.role.class] @Role goes on a class, not on %s";
    public static final String ROLE_NOT_PUBLIC =
            "[mob.role.class] role class %s must be public, so that the generated MobMain can create it";
    public static final String ROLE_ABSTRACT =
            "[mob.role.class] role class %s must not be abstract: every worker creates an instance";
    public static final String ROLE_INNER =
            "[mob.role.class] role class %s is an inner class; make it top-level or static";
    public static final String ROLE_GENERIC =
            "[mob.role.class] role class %s must not be generic";
    public static final String ROLE_CONSTRUCTOR =
            "[mob.role.constructor] role class %s needs a public constructor taking () or (dev.mob.runtime.Mob)";
    public static final String EXPORTED_NOT_PUBLIC =
            "[mob.exported.public] @Exported method %s must be public";
    public static final String EXPORTED_STATIC =
            "[mob.exported.static] @Exported method %s must not be static: it runs on the worker's instance";
    public static final String EXPORTED_GENERIC =
            "[mob.exported.generic] @Exported method %s must not declare type parameters: "
                    + "the remote side could not know which type to decode";
    public static final String EXPORTED_OUTSIDE_ROLE =
            "[mob.exported.outside] @Exported method %s is in %s, which has no @Role";
    public static final String EXPORTED_RESERVED =
            "[mob.exported.reserved] @Exported method name '%s' is reserved by the generated client; rename it";
    public static final String EXPORTED_BLOCKING =
            "[mob.exported.blocking] %s is marked nonBlocking but %s; it must not run on an I/O thread";
    public static final String OVERLOADED =
            "[mob.overloaded] @Exported method name '%s' is used more than once in %s; "
                    + "calls are routed by name, so give each overload its own name";
    public static final String TYPE =
            "[mob.type] %s of %s has type %s, which cannot cross a process boundary: %s";
    public static final String APP_MISSING =
            "[mob.app.missing] roles are in several packages (%s); add @MobApp(name = \"...\") to a class or "
                    + "package-info in the package that should hold MobMain";
    public static final String APP_DUPLICATE =
            "[mob.app.duplicate] package %s has more than one @MobApp";
    public static final String APP_NAME =
            "[mob.app.name] app name '%s' is invalid: use letters, digits, '.', '_' and '-'";
    public static final String TYPE_UNRESOLVED =
            "[mob.type.unresolved] role class %s uses a type in an exported method that no processor generated "
                    + "and that is not on the class path; fix that type first";
    public static final String INTERNAL =
            "[mob.internal] the mob processor failed unexpectedly; please report this with the stack trace: %s";
}
