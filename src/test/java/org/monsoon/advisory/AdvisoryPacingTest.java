package org.monsoon.advisory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How long a campaign waits between versions: by its size, a quarter of a second per 500 indicators, at most 10 s. */
class AdvisoryPacingTest {
    @ParameterizedTest(name = "{0} indicators: {1} ms")
    @CsvSource({
        "1, 0",
        "499, 0",
        "500, 250",
        "2000, 1000",
        "4999, 2250",
        "20000, 10000",
        "1000000, 10000",
    })
    void gapBetweenVersions(int indicators, long gapMs) {
        assertEquals(gapMs, AdvisoryPublisher.gapMs(indicators));
    }
}
