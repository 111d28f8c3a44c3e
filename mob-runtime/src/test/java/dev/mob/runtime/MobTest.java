package dev.mob.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MobTest {
    @Test
    void currentOutsideAMobsterSaysWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Mob::current);
        assertTrue(e.getMessage().contains("only available in a mobster process"), e.getMessage());
    }
}
