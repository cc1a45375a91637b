package org.monsoon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.monsoon.metrics.PipelineMetrics;

/** The bench's latency percentiles, read from the pipeline's own report-to-advisory histogram. */
class LatencyQuantilesTest {

    @Test
    void percentilesOfTheReportsAfterTheWarmUpOnly() {
        PipelineMetrics metrics = new PipelineMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        Timer timer = metrics.registry().find("monsoon.report.to.advisory").timer();
        for (int i = 0; i < 1_000; i++) {
            metrics.reportToAdvisory(Duration.ofSeconds(30), Duration.ofSeconds(30)); // the warm-up: not counted
        }
        HistogramSnapshot warm = timer.takeSnapshot();
        for (int i = 0; i < 100; i++) {
            metrics.reportToAdvisory(Duration.ofMillis(i < 90 ? 200 : 900), Duration.ofMillis(i < 90 ? 200 : 900));
        }

        BenchPhases.Latency latency = BenchPhases.measured(warm, timer.takeSnapshot(), null);

        assertEquals(100, latency.reports());
        assertBucketHolds(latency.p50(), 200);
        assertBucketHolds(latency.p95(), 900);
        assertBucketHolds(latency.p99(), 900);
    }

    @Test
    void aSnapshotWhoseCountLagsItsBucketsStillGivesEveryPercentile() {
        // The campaign stage records a large campaign's waiting reports in one burst; a snapshot read
        // during it can count more values in its buckets than in its count.
        HistogramSnapshot warm = snapshot(10, new double[] {0, 300, 300}, 300);
        HistogramSnapshot end = snapshot(400, new double[] {0, 350, 400}, 400);

        BenchPhases.Latency latency = BenchPhases.measured(warm, end, null);

        assertEquals(100, latency.reports());
        assertEquals(1_000, latency.p50());
        assertEquals(2_000, latency.p99());
    }

    @Test
    void aPercentileAboveEveryFiniteBucketSaysSo() {
        HistogramSnapshot end = snapshot(10, new double[] {0, 1, 2}, 10);
        assertEquals(Long.MAX_VALUE, BenchPhases.measured(null, end, null).p50());
    }

    /** Buckets at 0.5 s, 1 s, 2 s and +Inf with the given cumulative counts. */
    private static HistogramSnapshot snapshot(long count, double[] finite, double all) {
        double[] bounds = {500, 1_000, 2_000};
        CountAtBucket[] buckets = new CountAtBucket[finite.length + 1];
        for (int b = 0; b < finite.length; b++) {
            buckets[b] = new CountAtBucket(TimeUnit.MILLISECONDS.toNanos((long) bounds[b]), finite[b]);
        }
        buckets[finite.length] = new CountAtBucket(Double.POSITIVE_INFINITY, all);
        return new HistogramSnapshot(count, 0, 0, new ValueAtPercentile[0], buckets, (out, scale) -> {});
    }

    private static void assertBucketHolds(long boundMs, long valueMs) {
        assertTrue(
                boundMs >= valueMs && boundMs < valueMs * 1.5, boundMs + " ms is not the bucket of " + valueMs + " ms");
    }
}
