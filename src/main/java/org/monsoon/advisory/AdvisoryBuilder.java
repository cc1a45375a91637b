package org.monsoon.advisory;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.monsoon.correlate.IndicatorKey;
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
 * reports used, each indicator with its countries and span, the TLP, severity and action rules of
 * {@link AdvisoryRules}, and a plain title and summary. Only shareable reports ever reach a campaign, so
 * nothing here can name or count a restricted one.
 *
 * <p>What analysts and their tools rely on from version to version: the title is fixed by the first
 * version (the founding indicator and the most reported RSIT type) and changes only when that
 * indicator leaves the campaign; first_seen never moves later and last_seen never earlier (the header
 * only widens them); a MERGED or WITHDRAWN advisory keeps its title and its summary says why. A
 * WITHDRAWN advisory lists no indicator and no member: everything it showed was taken back.
 */
public final class AdvisoryBuilder {
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("d MMM yyyy").withZone(ZoneOffset.UTC);

    private AdvisoryBuilder() {}

    /** The advisory of a campaign with the given indicators (indicator key to member spans). */
    public static Advisory build(
            CampaignHeader campaign, Map<String, CampaignIndicator> indicatorSpans, int minCountries) {
        List<AdvisoryIndicator> indicators = new ArrayList<>(indicatorSpans.size());
        indicatorSpans.forEach((key, spans) -> indicators.add(AdvisoryViews.indicator(key, spans)));
        indicators.sort(Comparator.comparing(AdvisoryIndicator::getType).thenComparing(AdvisoryIndicator::getValue));
        return build(campaign, (Collection<AdvisoryIndicator>) indicators, minCountries);
    }

    /**
     * The advisory of a campaign with the given indicators, already in advisory order (by type, then
     * value; see {@link AdvisoryViews}). The entries are listed as they are, not copied: nothing
     * changes an advisory's indicators once built. Fixes the campaign's title when it has none yet or
     * its founding indicator left it.
     */
    public static Advisory build(CampaignHeader campaign, Collection<AdvisoryIndicator> inOrder, int minCountries) {
        List<AdvisoryIndicator> indicators = new ArrayList<>(inOrder);
        Set<IndicatorType> types = EnumSet.noneOf(IndicatorType.class);
        indicators.forEach(indicator -> types.add(indicator.getType()));
        List<AdvisoryIndicator> listed = IndicatorBudget.fit(indicators, IndicatorBudget.DEFAULT_BYTES);
        boolean withdrawn = campaign.getStatus() == AdvisoryStatus.WITHDRAWN;
        return Advisory.newBuilder()
                .setAdvisoryId(campaign.getId())
                .setVersion(campaign.getVersion())
                .setStatus(campaign.getStatus())
                .setTitle(title(campaign, indicators))
                .setSummary(withdrawn ? withdrawnSummary(campaign) : summary(campaign, indicators, listed.size()))
                .setSeverity(severity(campaign, minCountries))
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
                                        types, AdvisoryRules.sharedTypes(membersByType(campaign), minCountries)))
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

    /** The severity rule of {@link AdvisoryRules} over the members' reports used. */
    public static Severity severity(CampaignHeader campaign, int minCountries) {
        Map<String, Severity> highest = new HashMap<>();
        campaign.getMemberSeverities().keySet().forEach(key -> {
            int at = key.lastIndexOf('|');
            Severity s = Severity.valueOf(key.substring(at + 1));
            highest.merge(key.substring(0, at), s, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        });
        return AdvisoryRules.severity(highest, minCountries);
    }

    /** RSIT class/type to the members whose reports used by the campaign say it. */
    static Map<String, Set<String>> membersByType(CampaignHeader campaign) {
        Map<String, Set<String>> members = new TreeMap<>();
        campaign.getMemberTypes().keySet().forEach(key -> {
            int at = key.indexOf('|');
            members.computeIfAbsent(key.substring(at + 1), k -> new TreeSet<>()).add(key.substring(0, at));
        });
        return members;
    }

    /**
     * The part of a material change the header shows: status, countries, severity, TLP, successor. The
     * other part, a changed indicator set, the campaign stage tracks as it adds and removes indicators.
     */
    public static String headerDigest(CampaignHeader campaign, int minCountries) {
        return campaign.getStatus() + "|" + countries(campaign) + "|" + severity(campaign, minCountries) + "|"
                + tlp(campaign) + "|" + campaign.getSupersededBy();
    }

    /**
     * The campaign's title: fixed by the first version as its most reported RSIT type and its founding
     * indicator, and kept from then on, whatever the campaign gains or loses, unless the founding
     * indicator itself leaves an ACTIVE or EXPIRED campaign: then the first of its indicators in order
     * (not a URL when there is another) founds the title again. MERGED and WITHDRAWN keep theirs.
     */
    static String title(CampaignHeader campaign, List<AdvisoryIndicator> indicators) {
        String kept = campaign.getTitle();
        boolean final_ =
                campaign.getStatus() == AdvisoryStatus.MERGED || campaign.getStatus() == AdvisoryStatus.WITHDRAWN;
        if (kept != null && (final_ || holds(indicators, campaign.getFounder()))) {
            return kept;
        }
        if (indicators.isEmpty()) {
            return kept != null ? kept : "Withdrawn: no correlated indicator remains";
        }
        AdvisoryIndicator founder = kept == null ? find(indicators, campaign.getFounder()) : null;
        if (founder == null) {
            founder = indicators.stream()
                    .filter(i -> i.getType() != IndicatorType.URL)
                    .findFirst()
                    .orElse(indicators.get(0));
        }
        String title = capitalise(dominantType(campaign)) + " campaign around " + founder.getValue();
        campaign.setTitle(title);
        campaign.setFounder(IndicatorKey.of(founder.getType(), founder.getValue()));
        return title;
    }

    private static boolean holds(List<AdvisoryIndicator> indicators, String key) {
        return find(indicators, key) != null;
    }

    private static AdvisoryIndicator find(List<AdvisoryIndicator> indicators, String key) {
        if (key == null) {
            return null;
        }
        IndicatorType type = IndicatorKey.type(key);
        String value = IndicatorKey.value(key);
        for (AdvisoryIndicator i : indicators) {
            if (i.getType() == type && i.getValue().equals(value)) {
                return i;
            }
        }
        return null;
    }

    private static String withdrawnSummary(CampaignHeader campaign) {
        return "Withdrawn: the reports behind this advisory (activity " + days(campaign)
                + ") were revised or withdrawn, or its indicators were found known-benign, so no indicator"
                + " of it is held by reports from enough members any more. It no longer lists any indicator"
                + " or member.";
    }

    private static String summary(CampaignHeader campaign, List<AdvisoryIndicator> indicators, int listed) {
        StringBuilder s = new StringBuilder();
        s.append(campaign.getReportCount())
                .append(campaign.getReportCount() == 1 ? " report" : " reports")
                .append(" from ")
                .append(campaign.getCountries().size())
                .append(" member states (")
                .append(String.join(", ", countries(campaign)))
                .append(") ")
                .append(days(campaign))
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
                    .append(": a report linked the two campaigns, and the older advisory goes on with both.");
        } else if (campaign.getStatus() == AdvisoryStatus.EXPIRED) {
            s.append(" No new sighting within the correlation window: expired.");
        }
        return s.toString();
    }

    /** "on 6 Dec 2026", or "between 6 Dec 2026 and 8 Dec 2026". */
    private static String days(CampaignHeader campaign) {
        String first = DAY.format(Instant.ofEpochMilli(
                Math.max(0, campaign.getFirstSeen() == Long.MAX_VALUE ? 0 : campaign.getFirstSeen())));
        String last = DAY.format(Instant.ofEpochMilli(Math.max(0, campaign.getLastSeen())));
        return first.equals(last) ? "on " + first : "between " + first + " and " + last;
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
