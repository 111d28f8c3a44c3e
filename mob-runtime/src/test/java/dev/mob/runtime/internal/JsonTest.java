package dev.mob.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.mob.runtime.spi.MobType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    public record Item(String name, int count) {}

    @Test
    void decodesNestedGenericTypesExactly() throws Exception {
        MobType type = MobType.of(List.class, MobType.of(Map.class, MobType.of(String.class), MobType.of(Item.class)));
        List<Map<String, Item>> value = List.of(Map.of("a", new Item("apple", 3)));
        List<Map<String, Item>> back = Json.reader(type).readValue(Json.write(value));
        assertEquals(value, back);
        assertInstanceOf(Item.class, back.get(0).get("a"));
    }

    @Test
    void decodesArraysOfParameterizedTypes() throws Exception {
        MobType type = MobType.arrayOf(MobType.of(List.class, MobType.of(Item.class)));
        Object back = Json.reader(type).readValue("[[{\"name\":\"x\",\"count\":1}]]");
        List<?>[] lists = (List<?>[]) back;
        assertInstanceOf(Item.class, lists[0].get(0));
    }
}
