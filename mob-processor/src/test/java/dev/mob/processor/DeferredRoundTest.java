package dev.mob.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** A role whose exported signature uses a type that another processor generates in the first round. */
class DeferredRoundTest {
    /** Writes {@code q.Item} in its first round, as a code generator the user also runs would. */
    private static final class ItemGenerator extends AbstractProcessor {
        private boolean done;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                try (Writer w = processingEnv.getFiler().createSourceFile("q.Item").openWriter()) {
                    w.write("package q; public record Item(String name, int count) {}");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }

    private static final JavaFileObject ROLE = JavaFileObjects.forSourceLines("p.Store",
            "package p;",
            "import dev.mob.*;",
            "@Role(name = \"store\")",
            "public class Store {",
            "  @Exported public q.Item get(String name) { return new q.Item(name, 1); }",
            "  @Exported public java.util.List<q.Item> all(q.Item[] more) { return java.util.List.of(more); }",
            "}");

    @Test
    void theRoleWaitsForTheGeneratedTypeAndCompiles() {
        Compilation c = javac().withProcessors(new MobProcessor(), new ItemGenerator()).compile(ROLE);
        assertThat(c).succeeded();
        assertThat(c).generatedSourceFile("p.StoreClient").contentsAsUtf8String().contains("q.Item");
        assertThat(c).generatedSourceFile("p.MobMain");
    }

    @Test
    void aTypeThatNeverAppearsIsReportedOnTheRole() {
        JavaFileObject role = JavaFileObjects.forSourceLines("p.Lost",
                "package p;",
                "import dev.mob.*;",
                "@Role(name = \"lost\")",
                "public class Lost {",
                "  @Exported public nowhere.Thing get() { return null; }",
                "}");
        Compilation c = javac().withProcessors(new MobProcessor()).compile(role);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("[mob.type.unresolved]").inFile(role).onLine(4);
    }
}
