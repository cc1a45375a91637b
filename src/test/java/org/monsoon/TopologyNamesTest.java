package org.monsoon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.registry.SchemaRegistryClient;

/**
 * Pins the names of processors, stores and internal topics: renaming one would orphan state and
 * changelogs on upgrade, so it must be a deliberate change to this test.
 */
class TopologyNamesTest {

    @Test
    void processorStoreAndTopicNamesArePinned() {
        MonsoonConfig config = MonsoonConfig.defaults();
        String description = new MonsoonTopology(
                        config,
                        new Topics(config, new SchemaRegistryClient("http://unused", null)),
                        PipelineMetrics.inMemory(),
                        Clock.systemUTC())
                .build()
                .describe()
                .toString();

        assertEquals(
                new TreeSet<>(Set.of(
                        "ingest-source",
                        "ingest-validate",
                        "dedup-route",
                        "dedup-local",
                        "dedup-moved",
                        "dedup-merge",
                        "dedup-by-report-repartition-filter",
                        "dedup-by-report-repartition-sink",
                        "dedup-by-report-repartition-source",
                        "dedup-filter",
                        "dedup-accepted-sink",
                        "sightings-fanout",
                        "sightings-by-indicator-repartition-filter",
                        "sightings-by-indicator-repartition-sink",
                        "sightings-by-indicator-repartition-source",
                        "warninglist-table-source",
                        "warninglist-table",
                        "correlate-indicators",
                        "campaign-correlations-repartition-filter",
                        "campaign-correlations-repartition-sink",
                        "campaign-correlations-repartition-source",
                        "campaign-cluster",
                        "campaign-output-advisories",
                        "campaign-output-notices",
                        "advisory-typed",
                        "advisory-sink",
                        "advisory-history-sink",
                        "notices-typed",
                        "notices-sink",
                        "advisory-table-source",
                        "advisory-table")),
                names(description, "(?:Source|Processor|Sink): ([\\w.-]+)"));
        Set<String> stores = new TreeSet<>();
        names(description, "stores: \\[([\\w, -]+)]")
                .forEach(group -> stores.addAll(java.util.Arrays.asList(group.split(", "))));
        assertEquals(
                new TreeSet<>(Set.of(
                        "dedup-reports",
                        "dedup-fingerprints",
                        "ingest-member-stats",
                        "dedup-expiry",
                        "warninglist-global",
                        "sightings-reports",
                        "sightings-indicators",
                        "sightings-expiry",
                        "correlate-sightings",
                        "correlate-reports",
                        "correlate-expiry",
                        "correlate-commit-hook",
                        "campaign-membership",
                        "campaign-state",
                        "campaign-indicators",
                        "campaign-reports",
                        "campaign-retired",
                        "campaign-links",
                        "campaign-report-index",
                        "campaign-parts",
                        "advisory-by-id")),
                stores);
        for (String internal : new String[] {
            "dedup-by-report-repartition",
            "sightings-by-indicator-repartition",
            "campaign-correlations-repartition",
            "monsoon.reports.accepted",
            "monsoon.advisories"
        }) {
            assertTrue(description.contains("topic: " + internal + ")"), internal + " in " + description);
        }
        assertTrue(description.contains("(topics: [monsoon.warninglist])"), description);
        // Ingest, dedup and the sightings fan-out share one task per partition: a report read where its
        // versions meet needs no repartition before deduplication (DedupRouter).
        String first =
                description.substring(description.indexOf("Sub-topology: 0"), description.indexOf("Sub-topology: 1"));
        for (String node :
                new String[] {"ingest-source", "dedup-by-report-repartition-source", "dedup-filter", "sightings-fanout"
                }) {
            assertTrue(first.contains(node), node + " in " + first);
        }
        Matcher sources =
                Pattern.compile("ingest-source \\(topics: \\[([^]]+)]").matcher(description);
        assertTrue(sources.find(), description);
        assertEquals(
                new TreeSet<>(Set.of(
                        "monsoon.reports.bn",
                        "monsoon.reports.kh",
                        "monsoon.reports.id",
                        "monsoon.reports.la",
                        "monsoon.reports.my",
                        "monsoon.reports.mm",
                        "monsoon.reports.ph",
                        "monsoon.reports.sg",
                        "monsoon.reports.th",
                        "monsoon.reports.tl",
                        "monsoon.reports.vn")),
                new TreeSet<>(java.util.Arrays.asList(sources.group(1).split(", "))));
    }

    private static Set<String> names(String description, String regex) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile(regex).matcher(description);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
