package org.monsoon.advisory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How long a campaign waits between versions: by its size, and by whether a version has to read its state. */
class AdvisoryPacingTest {
    @ParameterizedTest(name = "{0} indicators, held {1}: {2} ms")
    @CsvSource({
        "1, true, 0",
        "4999, true, 0",
        "5000, true, 250",
        "12000, true, 500",
        "1000000, true, 10000",
        "499, false, 0",
        "500, false, 250",
        "4999, false, 2250",
        "1000000, false, 10000",
    })
    void gapBetweenVersions(int indicators, boolean held, long gapMs) {
        assertEquals(gapMs, AdvisoryPublisher.gapMs(indicators, held));
    }
}
