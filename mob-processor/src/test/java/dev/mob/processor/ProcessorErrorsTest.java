package dev.mob.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

/** Every diagnostic: its tag, its file and its line; and several from one compile. */
class ProcessorErrorsTest {

    private static Compilation compile(javax.tools.JavaFileObject... files) {
        return javac().withProcessors(new MobProcessor()).compile(files);
    }

    private static javax.tools.JavaFileObject source(String name, String... lines) {
        return JavaFileObjects.forSourceLines(name, lines);
    }

    private static void assertError(String tag, int line, String... lines) {
        javax.tools.JavaFileObject file = source("p.Bad", lines);
        Compilation c = compile(file);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining(tag).inFile(file).onLine(line);
    }

    @Test
    void invalidRoleName() {
        assertError("[mob.role.name]", 3,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"Back_End\")",
                "public class Bad {}");
    }

    @Test
    void workersBelowOne() {
        assertError("[mob.workers]", 3,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\", workers = 0)",
                "public class Bad {}");
    }

    @Test
    void roleClassNotPublic() {
        assertError("[mob.role.class]", 3,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\") class Bad {}");
    }

    @Test
    void roleClassAbstract() {
        assertError("[mob.role.class]", 3,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\") public abstract class Bad {}");
    }

    @Test
    void roleClassInner() {
        assertError("[mob.role.class]", 4,
                "package p;",
                "import dev.mob.*;",
                "public class Bad {",
                "  @Role(name = \"back\") public class Inner {}",
                "}");
    }

    @Test
    void roleOnInterface() {
        assertError("[mob.role.class]", 3,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\") public interface Bad {}");
    }

    @Test
    void noUsableConstructor() {
        assertError("[mob.role.constructor]", 3,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\") public class Bad {",
                "  public Bad(String s) {}",
                "}");
    }

    @Test
    void exportedNotPublic() {
        assertError("[mob.exported.public]", 5,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  @Exported String foo() { return \"\"; }",
                "}");
    }

    @Test
    void exportedStatic() {
        assertError("[mob.exported.static]", 5,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  @Exported public static String foo() { return \"\"; }",
                "}");
    }

    @Test
    void exportedGeneric() {
        assertError("[mob.exported.generic]", 5,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  @Exported public <T> String foo(java.util.List<String> t) { return \"\"; }",
                "}");
    }

    @Test
    void exportedOutsideRole() {
        assertError("[mob.exported.outside]", 4,
                "package p;",
                "import dev.mob.*;",
                "public class Bad {",
                "  @Exported public String foo() { return \"\"; }",
                "}");
    }

    @Test
    void overloaded() {
        assertError("[mob.overloaded]", 6,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  @Exported public String foo() { return \"\"; }",
                "  @Exported public String foo(int x) { return \"\"; }",
                "}");
    }

    @Test
    void reservedName() {
        assertError("[mob.exported.reserved]", 5,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  @Exported public String toPid(long pid) { return \"\"; }",
                "}");
    }

    @Test
    void streamParameter() {
        assertError("[mob.type]", 5,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  @Exported public int sum(java.util.stream.Stream<Integer> numbers) { return 0; }",
                "}");
    }

    @Test
    void functionParameter() {
        assertError("[mob.type]", 5,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  @Exported public int apply(java.util.function.Function<String, String> f) { return 0; }",
                "}");
    }

    @Test
    void threadResult() {
        assertError("[mob.type]", 5,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  @Exported public Thread thread() { return null; }",
                "}");
    }

    @Test
    void mobParameter() {
        assertError("[mob.type]", 5,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  @Exported public void use(dev.mob.runtime.Mob mob) {}",
                "}");
    }

    @Test
    void rawObjectInsideList() {
        assertError("[mob.type]", 5,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  @Exported public java.util.List<Object> all() { return null; }",
                "}");
    }

    @Test
    void rawType() {
        assertError("[mob.type]", 5,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  @Exported public void take(java.util.List items) {}",
                "}");
    }

    @Test
    void callbackInsideList() {
        assertError("[mob.type]", 5,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  @Exported public void take(java.util.List<dev.mob.runtime.Callback<String>> cbs) {}",
                "}");
    }

    @Test
    void duplicateRoleNames() {
        javax.tools.JavaFileObject a = source("p.A", "package p;", "import dev.mob.*;", "@Role(name = \"back\") public class A {}");
        javax.tools.JavaFileObject b = source("p.B", "package p;", "import dev.mob.*;", "@Role(name = \"back\") public class B {}");
        Compilation c = compile(a, b);
        assertThat(c).hadErrorContaining("[mob.role.duplicate]").inFile(b).onLine(3);
    }

    @Test
    void aDuplicateRoleNameDoesNotHideThatClassesOtherErrors() {
        javax.tools.JavaFileObject a = source("p.A", "package p;", "import dev.mob.*;", "@Role(name = \"back\") public class A {}");
        javax.tools.JavaFileObject b = source("p.B", "package p;", "import dev.mob.*;",
                "@Role(name = \"back\", workers = 0) public class B {",
                "  @Exported public void take(java.util.List<?> any) {}",
                "}");
        Compilation c = compile(a, b);
        assertThat(c).hadErrorContaining("[mob.role.duplicate]").inFile(b).onLine(3);
        assertThat(c).hadErrorContaining("[mob.workers]").inFile(b).onLine(3);
        assertThat(c).hadErrorContaining("[mob.type]").inFile(b).onLine(4);
    }

    @Test
    void clientNameTakenByAUserClass() {
        javax.tools.JavaFileObject role = source("p.Worker", "package p;", "import dev.mob.*;",
                "@Role(name = \"back\") public class Worker {}");
        javax.tools.JavaFileObject mine = source("p.BackClient", "package p;", "public class BackClient {}");
        Compilation c = compile(role, mine);
        assertThat(c).hadErrorContaining("[mob.client.duplicate]").inFile(role).onLine(3);
    }

    @Test
    void rolesInSeveralPackagesNeedMobApp() {
        javax.tools.JavaFileObject a = source("p.A", "package p;", "import dev.mob.*;", "@Role(name = \"a\") public class A {}");
        javax.tools.JavaFileObject b = source("q.B", "package q;", "import dev.mob.*;", "@Role(name = \"b\") public class B {}");
        Compilation c = compile(a, b);
        assertThat(c).hadErrorContaining("[mob.app.missing]").inFile(a).onLine(3);
        assertThat(c).hadErrorContaining("[mob.app.missing]").inFile(b).onLine(3);
    }

    @Test
    void severalProblemsInOneFileAreAllReportedAndNothingIsGenerated() {
        javax.tools.JavaFileObject file = source("p.Bad",
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\", workers = 0)",
                "public class Bad {",
                "  @Exported String hidden() { return \"\"; }",
                "  @Exported public int sum(java.util.stream.Stream<Integer> s) { return 0; }",
                "  @Exported public String foo() { return \"\"; }",
                "  @Exported public String foo(int x) { return \"\"; }",
                "}");
        Compilation c = compile(file);
        assertThat(c).hadErrorCount(4);
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), generatedBy(file),
                "a role with errors gets no generated code, nor does its app's MobMain");
        assertThat(c).hadErrorContaining("[mob.workers]").inFile(file).onLine(3);
        assertThat(c).hadErrorContaining("[mob.exported.public]").inFile(file).onLine(5);
        assertThat(c).hadErrorContaining("[mob.type]").inFile(file).onLine(6);
        assertThat(c).hadErrorContaining("[mob.overloaded]").inFile(file).onLine(8);
    }


    @Test
    void nonBlockingOnAMethodThatWaitsIsRefused() {
        assertError("[mob.exported.blocking]", 5,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  @Exported(nonBlocking = true) public int slow() throws InterruptedException { return 1; }",
                "}");
    }

    @Test
    void nonBlockingMethodsAreListedByTheDispatcher() throws Exception {
        javax.tools.JavaFileObject file = source("p.Fast", "package p;", "import dev.mob.*;",
                "@Role(name = \"fast\")",
                "public class Fast {",
                "  @Exported(nonBlocking = true) public int quick(int x) { return x; }",
                "  @Exported public int slow(int x) { return x; }",
                "}");
        Compilation c = compile(file);
        assertThat(c).succeeded();
        String dispatcher = source(c, "p.Fast_MobDispatcher");
        org.junit.jupiter.api.Assertions.assertTrue(dispatcher.contains("Set.of(\"quick\")")
                && dispatcher.contains("public boolean nonBlocking(String method)"), dispatcher);
    }

    @Test
    void optionalAndJavaTimeCross() {
        javax.tools.JavaFileObject file = source("p.Good", "package p;", "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Good {",
                "  @Exported public java.util.Optional<java.time.Instant> find(java.util.Optional<String> key, "
                        + "java.time.LocalDate day, java.time.Duration d) { return java.util.Optional.empty(); }",
                "}");
        assertThat(compile(file)).succeeded();
    }

    @Test
    void aClassTheReceiverCannotCreateIsRefusedOnItsLine() {
        assertError("[mob.type]", 6,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  public static final class Point { public final int x; public Point(int x) { this.x = x; } }",
                "  @Exported public void move(java.util.List<Point> points) {}",
                "}");
    }

    @Test
    void aNonStaticInnerClassIsRefused() {
        assertError("[mob.type]", 6,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  public class Inner { public int x; }",
                "  @Exported public Inner get() { return null; }",
                "}");
    }

    @Test
    void classesWithANoArgConstructorOrAJsonCreatorCross() {
        javax.tools.JavaFileObject file = source("p.Good", "package p;", "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Good {",
                "  public static class Bean { public int x; }",
                "  public static class Made { final int x;",
                "    @com.fasterxml.jackson.annotation.JsonCreator Made(@com.fasterxml.jackson.annotation.JsonProperty(\"x\") int x) { this.x = x; } }",
                "  public record Rec(int x) {}",
                "  public enum Color { RED }",
                "  @Exported public Bean a(Made m, Rec r, Color c) { return null; }",
                "}");
        assertThat(compile(file)).succeeded();
    }

    @Test
    void rawFutureIsRefused() {
        assertError("[mob.type]", 5,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  @SuppressWarnings(\"rawtypes\") @Exported public java.util.concurrent.CompletableFuture later() { return null; }",
                "}");
    }

    @Test
    void unboundedWildcardIsRefused() {
        assertError("[mob.type]", 5,
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Bad {",
                "  @Exported public void take(java.util.List<?> items) {}",
                "}");
    }

    @Test
    void twoMobAppsInOnePackage() {
        javax.tools.JavaFileObject a = source("p.A", "package p;", "import dev.mob.*;",
                "@MobApp(name = \"one\") public class A {}");
        javax.tools.JavaFileObject b = source("p.B", "package p;", "import dev.mob.*;",
                "@MobApp(name = \"two\") public class B {}");
        javax.tools.JavaFileObject role = source("p.R", "package p;", "import dev.mob.*;",
                "@Role(name = \"r\") public class R {}");
        Compilation c = compile(a, b, role);
        assertThat(c).hadErrorContaining("[mob.app.duplicate]").inFile(b).onLine(3);
    }

    @Test
    void invalidAppName() {
        javax.tools.JavaFileObject app = source("p.App", "package p;", "import dev.mob.*;",
                "@MobApp(name = \"my app!\") public class App {}");
        javax.tools.JavaFileObject role = source("p.R", "package p;", "import dev.mob.*;",
                "@Role(name = \"r\") public class R {}");
        Compilation c = compile(app, role);
        assertThat(c).hadErrorContaining("[mob.app.name]").inFile(app).onLine(3);
    }

    @Test
    void eachMobAppGroupsTheRolesOfItsPackageAndSubPackages() {
        javax.tools.JavaFileObject one = source("a.App", "package a;", "import dev.mob.*;",
                "@MobApp(name = \"one\") public class App {}");
        javax.tools.JavaFileObject back = source("a.x.Back", "package a.x;", "import dev.mob.*;",
                "@Role(name = \"back\") public class Back {}");
        javax.tools.JavaFileObject front = source("a.Front", "package a;", "import dev.mob.*;",
                "@Role(name = \"front\") public class Front {}");
        javax.tools.JavaFileObject two = source("b.App", "package b;", "import dev.mob.*;",
                "@MobApp(name = \"two\") public class App {}");
        javax.tools.JavaFileObject other = source("b.Other", "package b;", "import dev.mob.*;",
                "@Role(name = \"other\") public class Other {}");
        Compilation c = compile(one, back, front, two, other);
        assertThat(c).succeeded();
        String mainA = source(c, "a.MobMain");
        String mainB = source(c, "b.MobMain");
        org.junit.jupiter.api.Assertions.assertTrue(mainA.contains("\"one\"") && mainA.contains("\"back\"")
                && mainA.contains("\"front\"") && !mainA.contains("\"other\""), mainA);
        org.junit.jupiter.api.Assertions.assertTrue(mainB.contains("\"two\"") && mainB.contains("\"other\"")
                && !mainB.contains("\"back\""), mainB);
    }

    @Test
    void aGoodRoleGetsItsClientDispatcherAndMain() {
        // The other side of "nothing is generated": the same helper sees what a good role gets.
        org.junit.jupiter.api.Assertions.assertEquals(
                java.util.List.of("p/BackClient.java", "p/Good_MobDispatcher.java", "p/MobMain.java"),
                generatedBy(source("p.Good", "package p;", "import dev.mob.*;",
                        "@Role(name = \"back\") public class Good { @Exported public int one() { return 1; } }")));
    }

    /** The sources the processor writes for {@code file}, even when the compile fails. */
    private static java.util.List<String> generatedBy(javax.tools.JavaFileObject file) {
        try {
            java.nio.file.Path out = java.nio.file.Files.createTempDirectory("mob-gen");
            javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
            javax.tools.JavaCompiler.CompilationTask task = javac.getTask(null, null, d -> { },
                    java.util.List.of("-proc:only", "-s", out.toString(), "-classpath",
                            System.getProperty("java.class.path")), null, java.util.List.of(file));
            task.setProcessors(java.util.List.of(new MobProcessor()));
            task.call();
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(out)) {
                java.util.List<String> found = files.filter(java.nio.file.Files::isRegularFile)
                        .map(f -> out.relativize(f).toString()).sorted().toList();
                try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.walk(out)) {
                    all.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
                return found;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String source(Compilation c, String className) {
        try {
            return c.generatedSourceFile(className).orElseThrow(() -> new AssertionError("no " + className))
                    .getCharContent(true).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
