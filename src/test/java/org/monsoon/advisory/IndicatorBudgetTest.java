package org.monsoon.advisory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.monsoon.campaign.CampaignAggregates;
import org.monsoon.correlate.IndicatorKey;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.CampaignHeader;
import org.monsoon.schema.CampaignIndicator;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.MemberSpan;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

class IndicatorBudgetTest {
    private static final Instant T = Instant.parse("2026-11-20T08:00:00Z");

    @Test
    void aListThatFitsIsKeptAsItIs() {
        List<AdvisoryIndicator> indicators = List.of(indicator("a.example", 2, 0), indicator("b.example", 3, 0));
        assertSame(indicators, IndicatorBudget.fit(indicators, 10_000));
    }

    @Test
    void overTheBudgetTheMostWidelySeenAreListedInTheirOriginalOrder() {
        List<AdvisoryIndicator> indicators = List.of(
                indicator("a.example", 2, 0),
                indicator("b.example", 5, 0),
                indicator("c.example", 3, 0),
                indicator("d.example", 5, 60));
        int two = IndicatorBudget.encodedSize(indicators.get(1)) + IndicatorBudget.encodedSize(indicators.get(3));
        List<AdvisoryIndicator> listed = IndicatorBudget.fit(indicators, two);
        assertEquals(
                List.of("b.example", "d.example"),
                listed.stream().map(AdvisoryIndicator::getValue).toList());
    }

    @Test
    void amongEquallyWidelySeenTheMostRecentWin() {
        List<AdvisoryIndicator> indicators = List.of(indicator("old.example", 4, 0), indicator("new.example", 4, 600));
        List<AdvisoryIndicator> listed =
                IndicatorBudget.fit(indicators, IndicatorBudget.encodedSize(indicators.get(0)));
        assertEquals(
                List.of("new.example"),
                listed.stream().map(AdvisoryIndicator::getValue).toList());
    }

    @Test
    void theEstimateIsNeverBelowTheRealEncodingEvenForNonAsciiValues() throws Exception {
        for (String value :
                List.of("a.example", "xn--mnchen-3ya.example", "https://例え.テスト/パス?q=😀", "x".repeat(2048))) {
            AdvisoryIndicator indicator = indicator(value, 11, 0);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(AdvisoryIndicator.class).write(indicator, encoder);
            encoder.flush();
            assertTrue(IndicatorBudget.encodedSize(indicator) >= out.size(), value);
        }
    }

    /** A phishing kit's worth of long URLs seen by one or two members each, and a core seen by all. */
    @Test
    void aHugeCampaignStillMakesAnAdvisoryKafkaAccepts() throws Exception {
        CampaignHeader campaign = CampaignAggregates.newCampaign("2f1c9a52-7f0e-5d43-9c4b-000000000001", 0);
        campaign.setVersion(1);
        CampaignAggregates.addReport(
                campaign, new ReportLink("SG", "sg-1", 0L, 0L, Tlp.GREEN, Severity.HIGH, "finance", "fraud/phishing"));
        Map<String, CampaignIndicator> spans = new TreeMap<>();
        for (int i = 0; i < 3_000; i++) {
            String url = "https://kit-" + i + ".example/" + "p".repeat(1_900);
            spans.put(IndicatorKey.of(IndicatorType.URL, url), spans(i % 2 == 0 ? 1 : 2));
        }
        spans.put(IndicatorKey.of(IndicatorType.DOMAIN, "core.example"), spans(11));
        spans.forEach((key, s) -> CampaignAggregates.addIndicator(campaign, key, s.getMembers()));

        Advisory advisory = AdvisoryBuilder.build(campaign, spans, 2);

        assertTrue(advisory.toByteBuffer().remaining() < 1024 * 1024, "under Kafka's default record limit");
        assertTrue(advisory.getIndicators().stream().anyMatch(i -> i.getValue().equals("core.example")));
        int listed = advisory.getIndicators().size();
        assertTrue(listed > 300 && listed < 3_001, "listed " + listed);
        assertTrue(
                advisory.getSummary().contains(String.format("Lists the %,d indicators", listed)),
                advisory.getSummary());
        assertTrue(advisory.getTitle().endsWith(" campaign around core.example"), advisory.getTitle());
    }

    private static CampaignIndicator spans(int members) {
        List<MemberSpan> spans = new ArrayList<>();
        List<String> codes = new ArrayList<>(org.monsoon.config.MonsoonConfig.ASEAN);
        for (int m = 0; m < members; m++) {
            spans.add(new MemberSpan(codes.get(m), T.toEpochMilli(), T.toEpochMilli() + 60_000));
        }
        return new CampaignIndicator(spans, false);
    }

    private static AdvisoryIndicator indicator(String value, int countries, long lastSeenOffsetSeconds) {
        return new AdvisoryIndicator(
                IndicatorType.DOMAIN,
                value,
                new ArrayList<>(org.monsoon.config.MonsoonConfig.ASEAN.subList(0, countries)),
                T,
                T.plusSeconds(lastSeenOffsetSeconds),
                false);
    }
}
