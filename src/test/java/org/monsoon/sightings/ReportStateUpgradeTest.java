package org.monsoon.sightings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;
import static org.monsoon.testing.ReportBuilder.day;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.monsoon.dedup.DedupEntry;
import org.monsoon.dedup.DedupProcessor;
import org.monsoon.dedup.ReportStates;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.ReportState;
import org.monsoon.schema.ReportVersion;
import org.monsoon.testing.ReportBuilder;
import org.monsoon.testing.RestartablePipeline;

/**
 * The upgrade from state format 4, where the ingest task kept a report in four stores (the dedup
 * fingerprint and its time index, the fanned-out version and its time index): such state is rewritten
 * here into that layout, and the restarted pipeline reads it where a report has no entry yet and drains
 * the rest in bounded steps. Nothing is lost: a redelivery is still a duplicate, a revision still takes
 * back what the old version held.
 */
class ReportStateUpgradeTest {
    @AutoClose
    private final RestartablePipeline pipeline =
            new RestartablePipeline(ReportBuilder.T0.plus(Duration.ofDays(60)), config -> config);

    private static IncidentReport report(String member, String id, String... domains) {
        ReportBuilder report = aReport().from(member).withId(id).observedAt(day(1));
        for (String domain : domains) {
            report.withIndicator(IndicatorType.DOMAIN, domain);
        }
        return report.build();
    }

    /** Rewrites every report's entry into the stores of state format 4, with their time-index entries. */
    private int rewriteAsFormat4() {
        KeyValueStore<String, ReportState> states = pipeline.store(ReportStates.STORE);
        KeyValueStore<String, String> fingerprints = pipeline.store(DedupProcessor.LEGACY_STORE);
        KeyValueStore<String, ReportVersion> versions = pipeline.store(SightingsProcessor.LEGACY_REPORTS_STORE);
        KeyValueStore<String, byte[]> packs = pipeline.store(SightingsProcessor.INDICATORS_STORE);
        KeyValueStore<Bytes, byte[]> expiry = pipeline.keyValueStore(DedupProcessor.LEGACY_EXPIRY_STORE);
        List<org.apache.kafka.streams.KeyValue<String, ReportState>> all = new ArrayList<>();
        try (var it = states.all()) {
            it.forEachRemaining(all::add);
        }
        for (var entry : all) {
            ReportState s = entry.value;
            fingerprints.put(entry.key, new DedupEntry(s.getFingerprint(), s.getSeenAt(), s.getRevision()).encode());
            versions.put(entry.key, new ReportVersion(s.getFannedOut()));
            packs.put(
                    entry.key + "\0#0", IndicatorPacks.packs(s.getIndicators()).get(0));
            expiry.put(Bytes.wrap((entry.key + "@").getBytes()), new byte[0]);
            states.delete(entry.key);
        }
        return all.size();
    }

    private Map<String, Advisory> latest() {
        pipeline.advance(Duration.ofSeconds(2), Duration.ofSeconds(1));
        Map<String, Advisory> latest = new TreeMap<>();
        pipeline.written().forEach(a -> latest.put(a.getAdvisoryId(), a));
        return latest;
    }

    private List<String> countriesOf(String value) {
        return latest().values().stream()
                .filter(a -> a.getStatus() == AdvisoryStatus.ACTIVE)
                .flatMap(a -> a.getIndicators().stream())
                .filter(i -> i.getValue().equals(value))
                .map(AdvisoryIndicator::getCountries)
                .findFirst()
                .orElse(List.of());
    }

    @Test
    void stateOfFormat4IsReadWhereAReportHasNoEntryAndDrainedInBoundedSteps() {
        pipeline.send(report("SG", "sg-1", "alpha.example", "bravo.example"));
        pipeline.send(report("MY", "my-1", "alpha.example", "bravo.example"));
        pipeline.send(report("TH", "th-1", "bravo.example"));
        assertEquals(List.of("MY", "SG", "TH"), countriesOf("bravo.example"));
        assertEquals(3, rewriteAsFormat4());
        pipeline.restart();

        // Read where the report has no entry: a redelivery is a duplicate...
        pipeline.send(report("SG", "sg-1", "alpha.example", "bravo.example"));
        assertEquals(1.0, pipeline.metrics().count("monsoon.reports.duplicate", "reporter", "SG"));
        // ...and a revision takes back what the version of the release before held.
        pipeline.send(report("MY", "my-1", "alpha.example"));
        assertEquals(List.of("SG", "TH"), countriesOf("bravo.example"));
        assertEquals(List.of("MY", "SG"), countriesOf("alpha.example"));
        KeyValueStore<String, ReportState> states = pipeline.store(ReportStates.STORE);
        assertFalse(states.get("MY/my-1").getPacked(), "rewritten in the new layout, its indicators inline");

        // The rest is drained by the wall-clock steps: TH's report has its entry, the old stores are empty.
        pipeline.advance(Duration.ofSeconds(20), Duration.ofSeconds(1));
        ReportState th = states.get("TH/th-1");
        assertNotNull(th);
        assertNotNull(th.getFingerprint());
        assertTrue(th.getPacked(), "its indicators stay in the packs the release before wrote");
        assertEmpty(pipeline.store(DedupProcessor.LEGACY_STORE));
        assertEmpty(pipeline.store(SightingsProcessor.LEGACY_REPORTS_STORE));
        assertEmpty(pipeline.keyValueStore(DedupProcessor.LEGACY_EXPIRY_STORE));
        pipeline.withdraw("TH", "th-1", day(2));
        assertEquals(List.of(), countriesOf("bravo.example"), "only SG holds it now: no longer correlated");
        assertNull(states.get("TH/th-1"), "a withdrawn report's entry goes");
    }

    private static void assertEmpty(KeyValueStore<?, ?> store) {
        try (var it = store.all()) {
            assertFalse(it.hasNext(), store.name() + " still has entries");
        }
    }
}
