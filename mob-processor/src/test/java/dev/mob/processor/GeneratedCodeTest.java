package dev.mob.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Golden sources for one representative role: sync, void, async, callback, generic and record
 * parameters, and a parameter name that would clash with generated names.
 */
class GeneratedCodeTest {
    private static final JavaFileObject ROLE = JavaFileObjects.forResource("good/BackgroundWorker.java");
    private static final JavaFileObject ITEM = JavaFileObjects.forResource("good/Item.java");

    private static Compilation compile() {
        return javac().withProcessors(new MobProcessor()).compile(ROLE, ITEM);
    }

    @Test
    void compilesCleanly() {
        assertThat(compile()).succeededWithoutWarnings();
    }

    @Test
    void client() {
        assertThat(compile()).generatedSourceFile("com.acme.BackClient")
                .hasSourceEquivalentTo(JavaFileObjects.forResource("expected/BackClient.java"));
    }

    @Test
    void dispatcher() {
        assertThat(compile()).generatedSourceFile("com.acme.BackgroundWorker_MobDispatcher")
                .hasSourceEquivalentTo(JavaFileObjects.forResource("expected/BackgroundWorker_MobDispatcher.java"));
    }

    @Test
    void main() {
        assertThat(compile()).generatedSourceFile("com.acme.MobMain")
                .hasSourceEquivalentTo(JavaFileObjects.forResource("expected/MobMain.java"));
    }
}
