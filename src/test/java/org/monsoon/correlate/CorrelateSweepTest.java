package org.monsoon.correlate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.monsoon.testing.ReportBuilder.aReport;
import static org.monsoon.testing.ReportBuilder.day;

import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.IndicatorState;
import org.monsoon.schema.IndicatorType;
import org.monsoon.testing.ReportBuilder;
import org.monsoon.testing.RestartablePipeline;

/**
 * The correlate stage forgets an indicator with no report inside the window by sweeping its summaries
 * on wall-clock time, writing no time index; what is left of the earlier format's index is emptied.
 */
class CorrelateSweepTest {
    @AutoClose
    private final RestartablePipeline pipeline =
            new RestartablePipeline(ReportBuilder.T0.plus(Duration.ofDays(60)), config -> config);

    private void send(String member, String id, int day, String domain) {
        pipeline.send(aReport()
                .from(member)
                .withId(id)
                .observedAt(day(day))
                .withIndicator(IndicatorType.DOMAIN, domain)
                .build());
    }

    @Test
    void anIndicatorIdleForTheWindowIsForgottenByTheSweep() {
        KeyValueStore<Bytes, byte[]> legacy = pipeline.keyValueStore(CorrelateProcessor.LEGACY_EXPIRY_STORE);
        legacy.put(Bytes.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 'x'}), new byte[0]);
        pipeline.restart(); // the legacy index is found non-empty at start
        send("SG", "sg-1", 1, "old.example");
        send("MY", "my-1", 1, "old.example");
        KeyValueStore<String, IndicatorState> summaries = pipeline.store(CorrelateProcessor.STORE);
        assertNotNull(summaries.get("DOMAIN:old.example"));

        send("SG", "sg-2", 45, "new.example"); // stream time moves on by more than the window
        pipeline.advance(Duration.ofSeconds(20), Duration.ofSeconds(1));
        assertNull(summaries.get("DOMAIN:old.example"));
        assertNotNull(summaries.get("DOMAIN:new.example"));
        try (var it = pipeline.<Bytes, byte[]>keyValueStore(CorrelateProcessor.LEGACY_EXPIRY_STORE)
                .all()) {
            assertFalse(it.hasNext(), "the earlier format's time index is emptied");
        }
    }
}
