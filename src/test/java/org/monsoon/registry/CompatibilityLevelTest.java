package org.monsoon.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityLevelTest {
    private static Schema parse(String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
    }

    private final Schema a = parse("{\"name\":\"a\",\"type\":\"string\"}");
    private final Schema aWithDefaultB =
            parse("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
    private final Schema aWithRequiredB =
            parse("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}");

    @Test
    void backwardAllowsAddingAFieldWithADefault() {
        assertTrue(CompatibilityLevel.BACKWARD
                .violations(aWithDefaultB, List.of(a))
                .isEmpty());
    }

    @Test
    void backwardRefusesAddingARequiredField() {
        assertFalse(CompatibilityLevel.BACKWARD
                .violations(aWithRequiredB, List.of(a))
                .isEmpty());
    }

    @Test
    void forwardAllowsAddingARequiredField() {
        assertTrue(CompatibilityLevel.FORWARD
                .violations(aWithRequiredB, List.of(a))
                .isEmpty());
        assertFalse(
                CompatibilityLevel.FULL.violations(aWithRequiredB, List.of(a)).isEmpty());
    }

    @Test
    void transitiveLevelsLookAtEveryVersion() {
        Schema onlyB = parse("{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
        // onlyB reads aWithDefaultB but not a (a's field is gone and onlyB's b has a default: fine) -> compatible;
        // a reader needing 'a' without default cannot read onlyB.
        Schema needsA = parse("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"c\",\"type\":\"int\",\"default\":1}");
        assertTrue(CompatibilityLevel.BACKWARD
                .violations(needsA, List.of(onlyB, a))
                .isEmpty());
        assertFalse(CompatibilityLevel.BACKWARD_TRANSITIVE
                .violations(needsA, List.of(onlyB, a))
                .isEmpty());
    }

    @Test
    void unknownLevelIs42203() {
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> CompatibilityLevel.parse("X"));
        assertEquals(42203, e.errorCode());
    }
}
