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

    private static final String FOUNDER = IndicatorKey.of(IndicatorType.DOMAIN, "login-verify.demo-bank.example");
    // A campaign's id is the UUIDv5 of the indicator that founded it, as the campaign stage makes it.
    private final CampaignHeader campaign = CampaignAggregates.newCampaign(Uuid5.of(Uuid5.MONSOON, FOUNDER).toString(), T);
    private final Map<String, CampaignIndicator> spans = new TreeMap<>();

    private void report(String member, String id, String type) {
        CampaignAggregates.addReport(campaign, new ReportLink(member, id, T, T, Tlp.GREEN, Severity.HIGH, "finance", type));
    }

    private void indicator(IndicatorType type, String value, long firstSeenOffset, String... members) {
        CampaignIndicator span = new CampaignIndicator(java.util.Arrays.stream(members)
                .map(m -> new MemberSpan(m, T + firstSeenOffset, T + firstSeenOffset + 60_000)).toList());
        spans.put(IndicatorKey.of(type, value), span);
        CampaignAggregates.addIndicator(campaign, IndicatorKey.of(type, value), span.getMembers());
    }

    private String title() {
        campaign.setVersion(campaign.getVersion() + 1);
        return AdvisoryBuilder.build(campaign, spans).getTitle();
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
        indicator(IndicatorType.IPV4, "198.51.100.23", 3_600_000, "TH", "SG");
        indicator(IndicatorType.DOMAIN, "aaa-first-alphabetically.example", 7_200_000, "TH", "VN");
        indicator(IndicatorType.IPV4, "198.51.100.1", -3_600_000, "TH", "VN");
        assertEquals(first, title());
        assertEquals(List.of("MY", "SG", "TH", "VN"), List.copyOf(AdvisoryBuilder.countries(campaign)));
    }

    @Test
    void withoutItsFounderTheTitleNamesTheFirstIndicatorInOrderNotAUrl() {
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
