package dev.mob.test;

import dev.mob.runtime.Mob;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 on top of {@link MobTestKit}: registered on a static field, one kit for the test class;
 * on an instance field, a fresh one per test. Test methods may take the app's generated clients
 * and {@link Mob} as parameters.
 *
 * <pre>{@code
 * @RegisterExtension
 * static MobTestKitExtension mob = MobTestKitExtension.inProcess(Store.class, Reader.class);
 *
 * @Test
 * void putThenRead(StoreClient store, ReaderClient reader) {
 *     store.put("k", "v").join();
 *     assertEquals("v", reader.read("k").join());
 * }
 * }</pre>
 */
public final class MobTestKitExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private final Supplier<MobTestKit> factory;
    private MobTestKit kit;
    private boolean perClass;

    private MobTestKitExtension(Supplier<MobTestKit> factory) {
        this.factory = factory;
    }

    /** See {@link MobTestKit#inProcess}. */
    public static MobTestKitExtension inProcess(Class<?>... roleClasses) {
        return new MobTestKitExtension(() -> MobTestKit.inProcess(roleClasses));
    }

    /** See {@link MobTestKit#processes}. */
    public static MobTestKitExtension processes(Class<?> mobMain, String... args) {
        return new MobTestKitExtension(() -> MobTestKit.processes(mobMain, args));
    }

    /** The running kit; valid during a test. */
    public MobTestKit kit() {
        if (kit == null) {
            throw new IllegalStateException("the app is started only while a test runs");
        }
        return kit;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        kit = factory.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            kit = factory.get();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            close();
        }
    }

    private void close() {
        if (kit != null) {
            kit.close();
            kit = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Mob.class || type == MobTestKit.class || isClient(type);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == Mob.class) {
            return kit().mob();
        }
        if (type == MobTestKit.class) {
            return kit();
        }
        return kit().client(type);
    }

    /** A generated client: final, named ...Client, with a ROLE constant. */
    private static boolean isClient(Class<?> type) {
        try {
            return type.getSimpleName().endsWith("Client") && type.getField("ROLE").getType() == String.class;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }
}
