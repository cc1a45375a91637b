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
import java.util.TreeSet;

import java.util.stream.Collectors;
import org.monsoon.campaign.CampaignState;
import org.monsoon.correlate.IndicatorKey;
import org.monsoon.correlate.ReportRef;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.IndicatorType;

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

    public static Advisory build(CampaignState campaign) {
        List<AdvisoryIndicator> indicators = new ArrayList<>();
        Set<String> countries = new TreeSet<>();
        Set<IndicatorType> types = EnumSet.noneOf(IndicatorType.class);
        campaign.indicators.forEach((key, members) -> {
            countries.addAll(members.keySet());
            types.add(IndicatorKey.type(key));
            indicators.add(new AdvisoryIndicator(IndicatorKey.type(key), IndicatorKey.value(key),
                    new ArrayList<>(members.keySet()),
                    Instant.ofEpochMilli(members.values().stream().mapToLong(s -> s[0]).min().orElse(0)),
                    Instant.ofEpochMilli(members.values().stream().mapToLong(s -> s[1]).max().orElse(0))));
        });
        indicators.sort(Comparator.comparing(AdvisoryIndicator::getType).thenComparing(AdvisoryIndicator::getValue));
        Set<String> sectors = campaign.reports.values().stream().map(ReportRef::sector)
                .filter(s -> s != null).collect(Collectors.toCollection(TreeSet::new));
        Set<String> categories = campaign.reports.values().stream().map(r -> r.category() + "/" + r.type())
                .collect(Collectors.toCollection(TreeSet::new));
        var severity = AdvisoryRules.severity(campaign.reports.values().stream().map(ReportRef::severity).toList(),
                countries.size(), sectors);
        return Advisory.newBuilder()
                .setAdvisoryId(campaign.id)
                .setVersion(campaign.version)
                .setStatus(AdvisoryStatus.valueOf(campaign.status))
                .setTitle(title(campaign, indicators, countries))
                .setSummary(summary(campaign, indicators, countries, sectors))
                .setSeverity(severity)
                .setTlp(AdvisoryRules.tlp(campaign.reports.values().stream().map(ReportRef::tlp).toList()))
                .setCountries(new ArrayList<>(countries))
                .setSectors(new ArrayList<>(sectors))
                .setCategories(new ArrayList<>(categories))
                .setIndicators(indicators)
                .setReportCount(campaign.reports.size())
                .setFirstSeen(Instant.ofEpochMilli(campaign.firstSeen == Long.MAX_VALUE ? 0 : campaign.firstSeen))
                .setLastSeen(Instant.ofEpochMilli(campaign.lastSeen == Long.MIN_VALUE ? 0 : campaign.lastSeen))
                .setUpdatedAt(Instant.ofEpochMilli(campaign.updatedAt))
                .setRecommendedActions(AdvisoryRules.recommendedActions(types, categories))
                .setSupersededBy(campaign.supersededBy)
                .build();
    }

    /** What makes a new version: status, countries, indicators, severity or TLP changed. */
    public static String materialDigest(Advisory a) {
        return a.getStatus() + "|" + a.getCountries() + "|" + a.getSeverity() + "|" + a.getTlp() + "|"
                + a.getIndicators().stream().map(i -> i.getType() + ":" + i.getValue()).toList() + "|"
                + a.getSupersededBy();
    }

    private static String title(CampaignState campaign, List<AdvisoryIndicator> indicators, Set<String> countries) {
        String kind = dominantType(campaign);
        String lead = indicators.isEmpty() ? "no indicators" : indicators.stream()
                .filter(i -> i.getType() != IndicatorType.URL).findFirst().orElse(indicators.get(0)).getValue();
        String more = indicators.size() > 1 ? " and " + (indicators.size() - 1) + " more" : "";
        return capitalise(kind) + " campaign seen by " + String.join(", ", countries) + ": " + lead + more;
    }

    private static String summary(CampaignState campaign, List<AdvisoryIndicator> indicators, Set<String> countries,
                                  Set<String> sectors) {
        StringBuilder s = new StringBuilder();
        s.append(campaign.reports.size()).append(campaign.reports.size() == 1 ? " report" : " reports")
                .append(" from ").append(countries.size()).append(" member states (")
                .append(String.join(", ", countries)).append(") between ")
                .append(DAY.format(Instant.ofEpochMilli(Math.max(0, campaign.firstSeen)))).append(" and ")
                .append(DAY.format(Instant.ofEpochMilli(Math.max(0, campaign.lastSeen))))
                .append(" share ").append(indicators.size()).append(indicators.size() == 1 ? " indicator" : " indicators")
                .append(" of ").append(dominantType(campaign)).append('.');
        if (!sectors.isEmpty()) {
            s.append(" Sectors affected: ").append(String.join(", ", sectors)).append('.');
        }
        Map<IndicatorType, Long> byType = indicators.stream().collect(Collectors.groupingBy(AdvisoryIndicator::getType,
                () -> new TreeMap<>(), Collectors.counting()));
        s.append(" Indicators: ").append(byType.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase()).collect(Collectors.joining(", ")))
                .append('.');
        if ("MERGED".equals(campaign.status)) {
            s.append(" Merged into advisory ").append(campaign.supersededBy).append('.');
        } else if ("EXPIRED".equals(campaign.status)) {
            s.append(" No new sighting within the correlation window: expired.");
        }
        return s.toString();
    }

    private static String dominantType(CampaignState campaign) {
        return campaign.reports.values().stream().collect(Collectors.groupingBy(ReportRef::type, TreeMap::new,
                Collectors.counting())).entrySet().stream().max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).map(t -> t.replace('-', ' ')).orElse("malicious activity");
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

}
