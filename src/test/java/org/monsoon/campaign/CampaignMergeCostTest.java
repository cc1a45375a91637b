package org.monsoon.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;
import static org.monsoon.testing.ReportBuilder.day;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.IndicatorType;
import org.monsoon.testing.PipelineFixture;
import org.monsoon.testing.ReportBuilder;

/**
 * A merge writes the same records whatever the campaigns' sizes: the absorbed campaign's tree is
 * attached under the survivor's, nothing it holds moves. Counted on the campaign stage's changelogs
 * while one report bridges two campaigns of {@code n} indicators each, for small and large {@code n}.
 */
class CampaignMergeCostTest {
    @ParameterizedTest
    @ValueSource(ints = {40, 400})
    void aMergeWritesTheSameRecordsWhateverTheCampaignsSizes(int n) throws Exception {
        // Each invocation measures its own baseline, so that it passes alone and in any order.
        Map<String, Integer> smallest = bridge(2);
        Map<String, Integer> written = bridge(n);
        int total = written.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(total < 40, "a merge writes a handful of records, here " + written);
        assertEquals(smallest, written, "the same records as a merge of two 2-indicator campaigns");
    }

    /**
     * Changelog records the campaign stage writes while one report bridges two campaigns of {@code n}
     * indicators each, by store; checks the merged advisory on the way.
     */
    private static Map<String, Integer> bridge(int n) throws Exception {
        try (PipelineFixture pipeline = PipelineFixture.scenario()) {
            campaign(pipeline, "a", "SG", "MY", n);
            campaign(pipeline, "b", "TH", "VN", n);
            assertEquals(2, pipeline.latest().size());
            campaignChangelogRecords(pipeline); // drained: what follows is the bridge's alone

            pipeline.send(aReport()
                    .from("KH")
                    .withId("bridge")
                    .observedAt(day(2))
                    .withIndicator(IndicatorType.DOMAIN, "a-0.example")
                    .withIndicator(IndicatorType.DOMAIN, "b-0.example")
                    .build());
            Map<String, Integer> written = campaignChangelogRecords(pipeline);

            Advisory merged = pipeline.latest().values().stream()
                    .filter(a -> a.getStatus() == AdvisoryStatus.ACTIVE)
                    .findFirst()
                    .orElseThrow();
            assertEquals(2 * n, merged.getIndicators().size());
            assertEquals(5, merged.getReportCount());
            return written;
        }
    }

    /** Two reports from two members sharing {@code n} domains: one campaign of {@code n} indicators. */
    private static void campaign(PipelineFixture pipeline, String name, String m1, String m2, int n) {
        for (String member : new String[] {m1, m2}) {
            ReportBuilder report =
                    aReport().from(member).withId(name + "-" + member).observedAt(day(1));
            for (int i = 0; i < n; i++) {
                report.withIndicator(IndicatorType.DOMAIN, name + "-" + i + ".example");
            }
            pipeline.send(report.build());
        }
    }

    /** Records written to each of the campaign stage's changelogs since the last call, by store. */
    private static Map<String, Integer> campaignChangelogRecords(PipelineFixture pipeline) {
        Map<String, Integer> out = new TreeMap<>();
        for (String topic : pipeline.driver.producedTopicNames()) {
            int at = topic.indexOf("-campaign-");
            if (at >= 0 && topic.endsWith("-changelog")) {
                int n = pipeline.driver
                        .createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                        .readRecordsToList()
                        .size();
                if (n > 0) {
                    out.put(topic.substring(at + 1, topic.length() - "-changelog".length()), n);
                }
            }
        }
        return out;
    }
}
