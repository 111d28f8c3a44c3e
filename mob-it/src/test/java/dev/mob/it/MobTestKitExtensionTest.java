package dev.mob.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.mob.it.app.CalcClient;
import dev.mob.runtime.Mob;
import dev.mob.test.MobTestKitExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit 5 extension: one in-process app for the class, clients as test parameters. */
class MobTestKitExtensionTest {
    @RegisterExtension
    static MobTestKitExtension mob = MobTestKitExtension.inProcess(dev.mob.it.app.Calc.class);

    @Test
    void clientsAreInjected(CalcClient calc) throws Exception {
        assertEquals(7, calc.add(3, 4).get(10, TimeUnit.SECONDS));
    }

    @Test
    void theTestsMobIsInjected(Mob testMob) {
        assertNotNull(testMob.pid() > 0 ? testMob : null);
        assertEquals("test", testMob.role());
        assertEquals(testMob, mob.kit().mob());
    }
}
