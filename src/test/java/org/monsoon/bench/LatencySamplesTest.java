package org.monsoon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Exact percentiles by nearest rank, over what was recorded after the warm-up only. */
class LatencySamplesTest {
    @Test
    void percentilesAreExactNotBucketBounds() {
        LatencySamples samples = new LatencySamples();
        samples.add(99_999); // before start: the warm-up
        samples.start();
        for (long ms = 1; ms <= 10_000; ms++) {
            samples.add(1_000 + ms); // 1,001 .. 11,000 ms, in order of arrival
        }
        assertEquals(10_000, samples.size());
        assertEquals(6_000, samples.quantile(0.50));
        assertEquals(10_500, samples.quantile(0.95));
        assertEquals(10_900, samples.quantile(0.99));
        assertEquals(11_000, samples.quantile(1.0));
    }

    @Test
    void nothingRecordedIsMinusOne() {
        LatencySamples samples = new LatencySamples();
        samples.start();
        assertEquals(-1, samples.quantile(0.99));
    }
}
