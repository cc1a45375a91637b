package org.monsoon.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.monsoon.registry.CompatibilityLevel;

/**
 * Every change to a schema must keep BACKWARD compatibility with each released version (kept under
 * {@code src/test/resources/schemas/released/}), so consumers upgrade first and old data stays readable.
 * When a version is released, add its full schema there.
 */
class SchemaEvolutionTest {

    static Stream<Arguments> released() {
        return Stream.of(
                Arguments.of("v1/IncidentReport.avsc", IncidentReport.getClassSchema()),
                Arguments.of("v1/Advisory.avsc", Advisory.getClassSchema()),
                Arguments.of("v1/WarninglistEntry.avsc", WarninglistEntry.getClassSchema()));
    }

    @ParameterizedTest
    @MethodSource("released")
    void currentSchemaReadsEveryReleasedVersion(String resource, Schema current) throws IOException {
        Schema previous;
        try (InputStream in = getClass().getResourceAsStream("/schemas/released/" + resource)) {
            previous = new Schema.Parser().parse(in);
        }
        assertEquals(previous.getFullName(), current.getFullName(), "the record keeps its name");
        List<String> violations = CompatibilityLevel.BACKWARD.violations(current, List.of(previous));
        assertTrue(violations.isEmpty(), "BACKWARD violations against " + resource + ": " + violations);
    }
}
