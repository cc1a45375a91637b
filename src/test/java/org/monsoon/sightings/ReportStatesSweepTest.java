package org.monsoon.sightings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;
import static org.monsoon.testing.ReportBuilder.day;

import java.time.Duration;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.monsoon.dedup.ReportStates;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.ReportState;
import org.monsoon.testing.ReportBuilder;
import org.monsoon.testing.RestartablePipeline;

/**
 * A report's one entry in the ingest task: its indicators inline while they fit one pack, in packs past
 * that, and forgotten by the wall-clock sweep once neither stage has seen the report within the
 * retention (30 days by default), packs included.
 */
class ReportStatesSweepTest {
    @AutoClose
    private final RestartablePipeline pipeline =
            new RestartablePipeline(ReportBuilder.T0.plus(Duration.ofDays(60)), config -> config);

    private void send(String id, int day, int indicators) {
        ReportBuilder report = aReport().from("SG").withId(id).observedAt(day(day));
        for (int i = 0; i < indicators; i++) {
            report.withIndicator(IndicatorType.DOMAIN, id + "-" + i + ".example");
        }
        pipeline.send(report.build());
    }

    private boolean packsOf(String reportKey) {
        KeyValueStore<String, byte[]> packs = pipeline.store(SightingsProcessor.INDICATORS_STORE);
        try (var it =
                packs.prefixScan(reportKey + "\0", new org.apache.kafka.common.serialization.StringSerializer())) {
            return it.hasNext();
        }
    }

    @Test
    void aReportIsOneEntryItsIndicatorsInlineOrPackedAndTheSweepForgetsItPastTheRetention() {
        send("small", 1, 3);
        send("large", 1, 200);
        KeyValueStore<String, ReportState> states = pipeline.store(ReportStates.STORE);
        ReportState small = states.get("SG/small");
        assertEquals(3, small.getIndicators().size());
        assertFalse(small.getPacked());
        assertFalse(packsOf("SG/small"), "a report of one pack writes no pack");
        ReportState large = states.get("SG/large");
        assertTrue(large.getPacked());
        assertTrue(large.getIndicators().isEmpty(), "a report past one pack keeps no list inline");
        assertTrue(packsOf("SG/large"));

        send("recent", 45, 2); // stream time moves 44 days on: the first two are past the 30-day retention
        pipeline.advance(Duration.ofSeconds(20), Duration.ofSeconds(1));
        assertNull(states.get("SG/small"));
        assertNull(states.get("SG/large"));
        assertFalse(packsOf("SG/large"), "its packs go with it");
        assertNotNull(states.get("SG/recent"));
    }
}
