package org.monsoon.advisory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.monsoon.campaign.CampaignAggregates;
import org.monsoon.correlate.IndicatorKey;
import org.monsoon.schema.CampaignHeader;
import org.monsoon.schema.CampaignIndicator;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.MemberSpan;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/** An advisory's title describes the campaign as a whole, so it stays put as the campaign grows. */
class AdvisoryTitleTest {
    private static final long T = 1_763_625_600_000L;

    private final CampaignHeader campaign = CampaignAggregates.newCampaign("2f1c9a52-7f0e-5d43-9c4b-000000000002", T);
    private final Map<String, CampaignIndicator> spans = new TreeMap<>();

    private void report(String member, String id, String type) {
        CampaignAggregates.addReport(
                campaign, new ReportLink(member, id, T, T, Tlp.GREEN, Severity.HIGH, "finance", type));
    }

    private void indicator(IndicatorType type, String value, long firstSeenOffset, String... members) {
        CampaignIndicator span = new CampaignIndicator(
                java.util.Arrays.stream(members)
                        .map(m -> new MemberSpan(m, T + firstSeenOffset, T + firstSeenOffset + 60_000))
                        .toList(),
                false);
        spans.put(IndicatorKey.of(type, value), span);
        CampaignAggregates.addIndicator(campaign, IndicatorKey.of(type, value), span.getMembers());
    }

    private String title() {
        campaign.setVersion(campaign.getVersion() + 1);
        return AdvisoryBuilder.build(campaign, spans, 2).getTitle();
    }

    @Test
    void membersIndicatorsAndALatestReportOfAnotherTypeLeaveTheTitleAlone() {
        report("SG", "sg-1", "fraud/phishing");
        report("MY", "my-1", "fraud/phishing");
        indicator(IndicatorType.URL, "https://a.example/login", 0, "MY", "SG");
        indicator(IndicatorType.DOMAIN, "login-verify.demo-bank.example", 60_000, "MY", "SG");
        String first = title();
        assertEquals("Phishing campaign around login-verify.demo-bank.example", first);

        report("TH", "th-1", "malicious-code/malware-distribution");
        indicator(
                IndicatorType.SHA256,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                3_600_000,
                "TH",
                "SG");
        indicator(IndicatorType.DOMAIN, "zzz-later.example", 7_200_000, "TH", "VN");
        indicator(IndicatorType.URL, "https://0-first.example/", -3_600_000, "TH", "VN");
        assertEquals(first, title());
        assertEquals(List.of("MY", "SG", "TH", "VN"), List.copyOf(AdvisoryBuilder.countries(campaign)));
    }

    @Test
    void theTitleNamesTheFirstIndicatorInOrderNotAUrl() {
        report("SG", "sg-1", "fraud/phishing");
        indicator(IndicatorType.URL, "https://a.example/login", 0, "MY", "SG");
        indicator(IndicatorType.DOMAIN, "b.example", 0, "MY", "SG");
        indicator(IndicatorType.DOMAIN, "c.example", 0, "MY", "SG");
        assertEquals("Phishing campaign around b.example", title());
    }

    @Test
    void theTypeFollowsWhatMostReportsSay() {
        report("SG", "sg-1", "fraud/phishing");
        report("MY", "my-1", "malicious-code/malware-distribution");
        report("TH", "th-1", "malicious-code/malware-distribution");
        indicator(IndicatorType.DOMAIN, "login-verify.demo-bank.example", 0, "MY", "SG");
        assertEquals("Malware distribution campaign around login-verify.demo-bank.example", title());
    }
}
