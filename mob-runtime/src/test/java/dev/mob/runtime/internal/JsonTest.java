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

    public record Event(String name, java.time.Instant at, java.time.LocalDate day, java.time.Duration took,
            java.util.Optional<String> note) {}

    @Test
    void recordsWithJavaTimeAndOptionalFieldsRoundTrip() throws Exception {
        Event event = new Event("deploy", java.time.Instant.parse("2026-11-30T06:00:00.123456Z"),
                java.time.LocalDate.of(2026, 11, 30), java.time.Duration.ofMillis(1500), java.util.Optional.of("ok"));
        byte[] json = Json.write(event);
        String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(text.contains("\"2026-11-30T06:00:00.123456Z\"")
                && text.contains("\"2026-11-30\"") && text.contains("\"PT1.5S\""), "ISO-8601 strings: " + text);
        assertEquals(event, Json.reader(MobType.of(Event.class)).readValue(json));
        Event empty = new Event("x", null, null, null, java.util.Optional.empty());
        assertEquals(empty, Json.reader(MobType.of(Event.class)).readValue(Json.write(empty)));
        assertEquals(java.util.Optional.of(java.time.LocalDate.of(2026, 1, 2)), Json.reader(
                MobType.of(java.util.Optional.class, MobType.of(java.time.LocalDate.class))).readValue("\"2026-01-02\""));
    }

    /** Has no properties: sent as {} it would fail only at the receiver. */
    public static final class Opaque {
        @SuppressWarnings("unused")
        private final int hidden = 1;
    }

    @Test
    void anObjectWithNoPropertiesIsRefusedAtTheSender() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Json.write(List.of(new Opaque())));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("Opaque"), e.getMessage());
    }

    /** A type only a customizer knows how to write. */
    public record Temperature(double celsius) {}

    /** Registered in this module's test META-INF/services, as an app registers its own. */
    public static final class TemperatureCustomizer implements dev.mob.runtime.JsonCustomizer {
        @Override
        public void customize(com.fasterxml.jackson.databind.ObjectMapper mapper) {
            com.fasterxml.jackson.databind.module.SimpleModule module = new com.fasterxml.jackson.databind.module.SimpleModule();
            module.addSerializer(Temperature.class, new com.fasterxml.jackson.databind.ser.std.StdSerializer<>(Temperature.class) {
                @Override
                public void serialize(Temperature t, com.fasterxml.jackson.core.JsonGenerator g,
                        com.fasterxml.jackson.databind.SerializerProvider p) throws java.io.IOException {
                    g.writeString(t.celsius() + "C");
                }
            });
            module.addDeserializer(Temperature.class, new com.fasterxml.jackson.databind.deser.std.StdDeserializer<>(Temperature.class) {
                @Override
                public Temperature deserialize(com.fasterxml.jackson.core.JsonParser p,
                        com.fasterxml.jackson.databind.DeserializationContext c) throws java.io.IOException {
                    String s = p.getValueAsString();
                    return new Temperature(Double.parseDouble(s.substring(0, s.length() - 1)));
                }
            });
            mapper.registerModule(module);
        }
    }

    @Test
    void anAppsCustomizersConfigureTheMapper() throws Exception {
        byte[] json = Json.write(new Temperature(21.5));
        assertEquals("\"21.5C\"", new String(json, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(new Temperature(21.5), Json.reader(MobType.of(Temperature.class)).readValue(json));
    }

    @Test
    void mobsOwnFramesIgnoreTheAppsSettings() {
        byte[] json = Json.writeProtocol(Map.of("t", new Temperature(1)));
        org.junit.jupiter.api.Assertions.assertTrue(new String(json, java.nio.charset.StandardCharsets.UTF_8)
                .contains("celsius"), "the protocol mapper is not customized");
    }
}
