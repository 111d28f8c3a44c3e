package dev.mob.runtime.internal.boot;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** A @Role compiled without mob's processor (not on this module's class path) gets told why. */
class MissingProcessorCheckTest {
    @Test
    void aRoleCompiledWithoutMobsProcessorNamesTheConfiguration() {
        JavaFileObject role = JavaFileObjects.forSourceLines("p.Worker",
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"back\")",
                "public class Worker {",
                "  @Exported public int one() { return 1; }",
                "}");
        Compilation c = javac().withProcessors(new MissingProcessorCheck()).compile(role);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("[mob.processor.missing] Worker is a @Role").inFile(role).onLine(4);
        assertThat(c).hadErrorContaining("annotationProcessorPaths");
    }

    @Test
    void codeWithoutRolesIsLeftAlone() {
        Compilation c = javac().withProcessors(new MissingProcessorCheck())
                .compile(JavaFileObjects.forSourceLines("p.Plain", "package p;", "public class Plain {}"));
        assertThat(c).succeeded();
    }
}
