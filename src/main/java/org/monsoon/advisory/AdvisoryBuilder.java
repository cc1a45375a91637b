package org.monsoon.advisory;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.CampaignHeader;
import org.monsoon.schema.CampaignIndicator;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/**
 * Turns a campaign into the advisory analysts read: countries, sectors and RSIT categories of the
 * reports used, each indicator with its countries and span, the TLP and severity rules of
 * {@link AdvisoryRules}, actions, and a plain title and summary. Only shareable reports ever reach a
 * campaign, so nothing here can name or count a restricted one. A WITHDRAWN advisory lists nothing:
 * everything it showed was taken back.
 */
public final class AdvisoryBuilder {
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("d MMM yyyy").withZone(ZoneOffset.UTC);

    private AdvisoryBuilder() {}

    /** The advisory of a campaign with the given indicators (indicator key to member spans). */
    public static Advisory build(CampaignHeader campaign, Map<String, CampaignIndicator> indicatorSpans) {
        List<AdvisoryIndicator> indicators = new ArrayList<>(indicatorSpans.size());
        indicatorSpans.forEach((key, spans) -> indicators.add(AdvisoryViews.indicator(key, spans)));
        indicators.sort(Comparator.comparing(AdvisoryIndicator::getType).thenComparing(AdvisoryIndicator::getValue));
        return build(campaign, (Collection<AdvisoryIndicator>) indicators);
    }

    /**
     * The advisory of a campaign with the given indicators, already in advisory order (by type, then
     * value; see {@link AdvisoryViews}). The entries are listed as they are, not copied: nothing
     * changes an advisory's indicators once built.
     */
    public static Advisory build(CampaignHeader campaign, Collection<AdvisoryIndicator> inOrder) {
        List<AdvisoryIndicator> indicators = new ArrayList<>(inOrder);
        Set<IndicatorType> types = EnumSet.noneOf(IndicatorType.class);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (AdvisoryIndicator indicator : indicators) {
            first = Math.min(first, indicator.getFirstSeen().toEpochMilli());
            last = Math.max(last, indicator.getLastSeen().toEpochMilli());
            types.add(indicator.getType());
        }
        if (!indicators.isEmpty()) {
            campaign.setFirstSeen(first);
            campaign.setLastSeen(last);
        }
        List<AdvisoryIndicator> listed = IndicatorBudget.fit(indicators, IndicatorBudget.DEFAULT_BYTES);
        boolean withdrawn = campaign.getStatus() == AdvisoryStatus.WITHDRAWN;
        return Advisory.newBuilder()
                .setAdvisoryId(campaign.getId())
                .setVersion(campaign.getVersion())
                .setStatus(campaign.getStatus())
                .setTitle(withdrawn ? "Withdrawn: no correlated indicator remains" : title(campaign, indicators))
                .setSummary(
                        withdrawn
                                ? "Withdrawn: the reports behind this advisory were revised or withdrawn, or its"
                                        + " indicators are known-benign. It no longer lists any indicator."
                                : summary(campaign, indicators, listed.size()))
                .setSeverity(severity(campaign))
                .setTlp(tlp(campaign))
                .setCountries(new ArrayList<>(countries(campaign)))
                .setSectors(new ArrayList<>(new TreeSet<>(campaign.getSectors().keySet())))
                .setCategories(new ArrayList<>(
                        new TreeSet<>(campaign.getIncidentTypes().keySet())))
                .setIndicators(new ArrayList<>(listed))
                .setReportCount(campaign.getReportCount())
                .setFirstSeen(
                        Instant.ofEpochMilli(campaign.getFirstSeen() == Long.MAX_VALUE ? 0 : campaign.getFirstSeen()))
                .setLastSeen(
                        Instant.ofEpochMilli(campaign.getLastSeen() == Long.MIN_VALUE ? 0 : campaign.getLastSeen()))
                .setUpdatedAt(Instant.ofEpochMilli(campaign.getUpdatedAt()))
                .setRecommendedActions(
                        withdrawn
                                ? List.of("No action: the reports behind this advisory were revised or withdrawn.")
                                : AdvisoryRules.recommendedActions(
                                        types, campaign.getIncidentTypes().keySet()))
                .setSupersededBy(campaign.getSupersededBy())
                .build();
    }

    /** The members of the campaign, in order. */
    public static TreeSet<String> countries(CampaignHeader campaign) {
        return new TreeSet<>(campaign.getCountries().keySet());
    }

    /**
     * The most restrictive TLP of the reports used; a campaign left with no report keeps the label it
     * was last published with, so a withdrawal never relabels what was shared.
     */
    public static Tlp tlp(CampaignHeader campaign) {
        List<Tlp> used = campaign.getTlps().keySet().stream().map(Tlp::valueOf).toList();
        if (used.isEmpty()) {
            return campaign.getPublishedTlp() == null ? Tlp.CLEAR : campaign.getPublishedTlp();
        }
        return AdvisoryRules.tlp(used);
    }

    /** The severity model of {@link AdvisoryRules} over the reports used. */
    public static Severity severity(CampaignHeader campaign) {
        List<Severity> reported = campaign.getSeverities().keySet().stream()
                .map(Severity::valueOf)
                .toList();
        return AdvisoryRules.severity(
                reported, campaign.getCountries().size(), campaign.getSectors().keySet());
    }

    /**
     * The part of a material change the header shows: status, countries, severity, TLP, successor. The
     * other part, a changed indicator set, the campaign stage tracks as it adds and removes indicators.
     */
    public static String headerDigest(CampaignHeader campaign) {
        return campaign.getStatus() + "|" + countries(campaign) + "|" + severity(campaign) + "|" + tlp(campaign) + "|"
                + campaign.getSupersededBy();
    }

    /**
     * A title that stays put from version to version: the campaign's most reported RSIT type and its
     * first indicator in order (not a URL when there is another). Members, counts and the rest change
     * with every version; they are in the summary. The title depends on content only, never on arrival
     * order, so a region reprocessed after a fault gets the same titles; the indicator that founded the
     * campaign would not do, because which indicator correlates first can differ between runs.
     */
    private static String title(CampaignHeader campaign, List<AdvisoryIndicator> indicators) {
        String lead = indicators.stream()
                .filter(i -> i.getType() != IndicatorType.URL)
                .findFirst()
                .or(() -> indicators.stream().findFirst())
                .map(AdvisoryIndicator::getValue)
                .orElse("no indicators");
        return capitalise(dominantType(campaign)) + " campaign around " + lead;
    }

    private static String summary(CampaignHeader campaign, List<AdvisoryIndicator> indicators, int listed) {
        StringBuilder s = new StringBuilder();
        s.append(campaign.getReportCount())
                .append(campaign.getReportCount() == 1 ? " report" : " reports")
                .append(" from ")
                .append(campaign.getCountries().size())
                .append(" member states (")
                .append(String.join(", ", countries(campaign)))
                .append(") between ")
                .append(DAY.format(Instant.ofEpochMilli(
                        Math.max(0, campaign.getFirstSeen() == Long.MAX_VALUE ? 0 : campaign.getFirstSeen()))))
                .append(" and ")
                .append(DAY.format(Instant.ofEpochMilli(Math.max(0, campaign.getLastSeen()))))
                .append(" share ")
                .append(indicators.size())
                .append(indicators.size() == 1 ? " indicator" : " indicators")
                .append(" of ")
                .append(dominantType(campaign))
                .append('.');
        if (!campaign.getSectors().isEmpty()) {
            s.append(" Sectors affected: ")
                    .append(String.join(
                            ", ", new TreeSet<>(campaign.getSectors().keySet())))
                    .append('.');
        }
        Map<IndicatorType, Long> byType = indicators.stream()
                .collect(Collectors.groupingBy(AdvisoryIndicator::getType, TreeMap::new, Collectors.counting()));
        s.append(" Indicators: ")
                .append(byType.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase())
                        .collect(Collectors.joining(", ")))
                .append('.');
        if (listed < indicators.size()) {
            s.append(String.format(
                    " Lists the %,d indicators seen by the most members; look up the other %,d with the API.",
                    listed, indicators.size() - listed));
        }
        if (campaign.getStatus() == AdvisoryStatus.MERGED) {
            s.append(" Merged into advisory ")
                    .append(campaign.getSupersededBy())
                    .append('.');
        } else if (campaign.getStatus() == AdvisoryStatus.EXPIRED) {
            s.append(" No new sighting within the correlation window: expired.");
        }
        return s.toString();
    }

    /** The most reported RSIT type, e.g. "phishing"; ties go to the alphabetically first. */
    private static String dominantType(CampaignHeader campaign) {
        return campaign.getIncidentTypes().entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(e -> e.getKey().substring(e.getKey().indexOf('/') + 1).replace('-', ' '))
                .orElse("malicious activity");
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
