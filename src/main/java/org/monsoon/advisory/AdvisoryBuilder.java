package org.monsoon.advisory;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.monsoon.campaign.CampaignState;
import org.monsoon.campaign.IndicatorSpans;
import org.monsoon.correlate.IndicatorKey;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/**
 * Turns a campaign into the advisory analysts read: countries, sectors and RSIT categories of the
 * reports used, each indicator with its countries and span, the TLP and severity rules of
 * {@link AdvisoryRules}, actions, and a plain title and summary. Only shareable reports ever reach a
 * campaign, so nothing here can name or count a restricted one.
 */
public final class AdvisoryBuilder {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy").withZone(ZoneOffset.UTC);

    private AdvisoryBuilder() {
    }

    /** The advisory of a campaign with the given indicators (indicator key to member spans). */
    public static Advisory build(CampaignState campaign, Map<String, IndicatorSpans> indicatorSpans) {
        List<AdvisoryIndicator> indicators = new ArrayList<>(indicatorSpans.size());
        Set<IndicatorType> types = EnumSet.noneOf(IndicatorType.class);
        indicatorSpans.forEach((key, spans) -> {
            Map<String, long[]> members = spans.members;
            types.add(IndicatorKey.type(key));
            indicators.add(new AdvisoryIndicator(IndicatorKey.type(key), IndicatorKey.value(key),
                    new ArrayList<>(new java.util.TreeSet<>(members.keySet())),
                    Instant.ofEpochMilli(members.values().stream().mapToLong(s -> s[0]).min().orElse(0)),
                    Instant.ofEpochMilli(members.values().stream().mapToLong(s -> s[1]).max().orElse(0))));
        });
        indicators.sort(Comparator.comparing(AdvisoryIndicator::getType).thenComparing(AdvisoryIndicator::getValue));
        List<AdvisoryIndicator> listed = IndicatorBudget.fit(indicators, IndicatorBudget.DEFAULT_BYTES);
        return Advisory.newBuilder()
                .setAdvisoryId(campaign.id)
                .setVersion(campaign.version)
                .setStatus(AdvisoryStatus.valueOf(campaign.status))
                .setTitle(title(campaign, indicators))
                .setSummary(summary(campaign, indicators, listed.size()))
                .setSeverity(severity(campaign))
                .setTlp(campaign.tlp == null ? Tlp.CLEAR : AdvisoryRules.tlp(List.of(campaign.tlp)))
                .setCountries(new ArrayList<>(campaign.countries))
                .setSectors(new ArrayList<>(campaign.sectors))
                .setCategories(new ArrayList<>(new java.util.TreeSet<>(campaign.incidentTypes.keySet())))
                .setIndicators(new ArrayList<>(listed))
                .setReportCount(campaign.reportCount)
                .setFirstSeen(Instant.ofEpochMilli(campaign.firstSeen == Long.MAX_VALUE ? 0 : campaign.firstSeen))
                .setLastSeen(Instant.ofEpochMilli(campaign.lastSeen == Long.MIN_VALUE ? 0 : campaign.lastSeen))
                .setUpdatedAt(Instant.ofEpochMilli(campaign.updatedAt))
                .setRecommendedActions(AdvisoryRules.recommendedActions(types, campaign.incidentTypes.keySet()))
                .setSupersededBy(campaign.supersededBy)
                .build();
    }

    /** The severity model of {@link AdvisoryRules} over the campaign's aggregates. */
    public static Severity severity(CampaignState campaign) {
        return AdvisoryRules.severity(campaign.reportedSeverity == null ? List.of() : List.of(campaign.reportedSeverity),
                campaign.countries.size(), campaign.sectors);
    }

    /**
     * The part of a material change the header shows: status, countries, severity, TLP, successor. The
     * other part, a changed indicator set, the campaign stage tracks as it adds and removes indicators.
     */
    public static String headerDigest(CampaignState campaign) {
        return campaign.status + "|" + campaign.countries + "|" + severity(campaign) + "|" + campaign.tlp + "|"
                + campaign.supersededBy;
    }

    private static String title(CampaignState campaign, List<AdvisoryIndicator> indicators) {
        String lead = indicators.isEmpty() ? "no indicators" : indicators.stream()
                .filter(i -> i.getType() != IndicatorType.URL).findFirst().orElse(indicators.get(0)).getValue();
        String more = indicators.size() > 1 ? " and " + (indicators.size() - 1) + " more" : "";
        return capitalise(dominantType(campaign)) + " campaign seen by " + String.join(", ", campaign.countries) + ": "
                + lead + more;
    }

    private static String summary(CampaignState campaign, List<AdvisoryIndicator> indicators, int listed) {
        StringBuilder s = new StringBuilder();
        s.append(campaign.reportCount).append(campaign.reportCount == 1 ? " report" : " reports")
                .append(" from ").append(campaign.countries.size()).append(" member states (")
                .append(String.join(", ", campaign.countries)).append(") between ")
                .append(DAY.format(Instant.ofEpochMilli(Math.max(0, campaign.firstSeen)))).append(" and ")
                .append(DAY.format(Instant.ofEpochMilli(Math.max(0, campaign.lastSeen))))
                .append(" share ").append(indicators.size()).append(indicators.size() == 1 ? " indicator" : " indicators")
                .append(" of ").append(dominantType(campaign)).append('.');
        if (!campaign.sectors.isEmpty()) {
            s.append(" Sectors affected: ").append(String.join(", ", campaign.sectors)).append('.');
        }
        Map<IndicatorType, Long> byType = indicators.stream().collect(Collectors.groupingBy(AdvisoryIndicator::getType,
                TreeMap::new, Collectors.counting()));
        s.append(" Indicators: ").append(byType.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase()).collect(Collectors.joining(", ")))
                .append('.');
        if (listed < indicators.size()) {
            s.append(String.format(" Lists the %,d indicators seen by the most members; look up the other %,d with the API.",
                    listed, indicators.size() - listed));
        }
        if ("MERGED".equals(campaign.status)) {
            s.append(" Merged into advisory ").append(campaign.supersededBy).append('.');
        } else if ("EXPIRED".equals(campaign.status)) {
            s.append(" No new sighting within the correlation window: expired.");
        }
        return s.toString();
    }

    /** The most reported RSIT type, e.g. "phishing"; ties go to the alphabetically first. */
    private static String dominantType(CampaignState campaign) {
        return campaign.incidentTypes.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(e -> e.getKey().substring(e.getKey().indexOf('/') + 1).replace('-', ' ')).orElse("malicious activity");
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
