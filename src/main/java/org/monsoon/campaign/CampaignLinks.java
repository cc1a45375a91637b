package org.monsoon.campaign;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.monsoon.correlate.MemberSpans;
import org.monsoon.correlate.ReportLinks;
import org.monsoon.schema.CampaignHeader;
import org.monsoon.schema.CampaignIndicator;
import org.monsoon.schema.CampaignReport;
import org.monsoon.schema.MemberSpan;
import org.monsoon.schema.ReportLink;

/**
 * Which report holds which of a campaign's indicators, and what follows from it (the first indicators
 * a report holds are listed in its entry, the rest linked one entry each): a report counts in a
 * campaign's aggregates while it holds at least one of its indicators, with the attributes of its
 * latest version, and once however many of its parts count it; an indicator counts with its members'
 * spans. Every operation is idempotent (a link is added or removed once however often it is told), so a
 * replayed event changes nothing. Campaigns are named by their root key ({@link CampaignForest}).
 */
final class CampaignLinks {
    private static final byte[] PRESENT = new byte[0];
    /**
     * Links a report's entry lists, at most: enough for the reports CERTs send most (a handful of
     * indicators), small enough that rewriting the entry per link costs little for a large report.
     */
    static final int MAX_LISTED = 16;
    /** Bytes of listed indicators an entry holds, at most. */
    static final int MAX_LISTED_BYTES = 4 * 1024;

    private final CampaignStores stores;
    /** Told when a report first counts in a campaign. */
    interface Joined {
        /**
         * @param reportedAt when the report was sent
         * @param includableAt when the report that let it in was sent (see {@link #link})
         */
        void joined(String campaign, long reportedAt, long includableAt);
    }

    private final Joined newReport;

    /** @param newReport told when a report first counts in a campaign */
    CampaignLinks(CampaignStores stores, Joined newReport) {
        this.stores = stores;
        this.newReport = newReport;
    }

    /**
     * Adds the indicator to the campaign or updates its member spans: widened by what is new, or, when
     * reports were taken back ({@code replace}), replaced by what the correlate stage holds now; and
     * whether it is a hub (a change of which is shown, so material). An indicator the campaign holds
     * stays under the part it was first written to; a new one is written under the campaign's root.
     */
    void putIndicator(
            String campaignKey,
            CampaignHeader campaign,
            String indicator,
            List<MemberSpan> spans,
            boolean replace,
            boolean hub) {
        String part = stores.partOf(indicator);
        CampaignIndicator known = part == null ? null : stores.indicator(part, indicator);
        List<MemberSpan> now;
        if (known == null) {
            part = campaignKey;
            now = spans;
            CampaignAggregates.addIndicator(campaign, indicator, now);
            campaign.setIndicatorsChanged(true);
            stores.membership.put(indicator, part);
            countHub(campaign, hub ? 1 : 0);
        } else {
            now = replace ? spans : MemberSpans.widen(known.getMembers(), spans);
            boolean hubChanged = known.getHub() != hub;
            if (now.equals(known.getMembers()) && !hubChanged) {
                return; // nothing new: no write
            }
            if (hubChanged) {
                countHub(campaign, hub ? 1 : -1);
                campaign.setIndicatorsChanged(true);
            }
            CampaignAggregates.addMembers(campaign, known.getMembers(), -1);
            CampaignAggregates.addMembers(campaign, now, 1);
            if (!sameMembers(now, known.getMembers())) {
                // A member newly holding the indicator, or taken back from it, is a material change: the
                // latest version lists each indicator with the members that hold it.
                campaign.setIndicatorsChanged(true);
            }
        }
        stores.putIndicator(part, campaignKey, indicator, new CampaignIndicator(new ArrayList<>(now), hub));
    }

    private void countHub(CampaignHeader campaign, int delta) {
        campaign.setHubIndicators(campaign.getHubIndicators() + delta);
        stores.hubs(delta);
    }

    /** Takes an indicator out of the campaign with every link to it (the caller withdraws a campaign left with none). */
    void dropIndicator(String campaignKey, CampaignHeader campaign, String indicator) {
        dropIndicators(campaignKey, campaign, List.of(indicator));
    }

    /**
     * Takes indicators out of the campaign with every link to them, reading the campaign's report
     * entries once for all of them (the caller withdraws a campaign left with none).
     */
    void dropIndicators(String campaignKey, CampaignHeader campaign, Collection<String> indicators) {
        Map<String, List<String>> holding = reportsHolding(campaignKey, indicators);
        for (String indicator : indicators) {
            String part = stores.partOf(indicator);
            CampaignIndicator known = part == null ? null : stores.indicator(part, indicator);
            if (known == null) {
                continue;
            }
            holding.getOrDefault(indicator, List.of())
                    .forEach(report -> unlink(campaignKey, campaign, indicator, report));
            stores.deleteIndicator(part, campaignKey, indicator);
            stores.membership.delete(indicator);
            CampaignAggregates.removeIndicator(campaign, indicator, known.getMembers());
            if (known.getHub()) {
                countHub(campaign, -1);
            }
            campaign.setIndicatorsChanged(true);
        }
    }

    /**
     * Records that the report's current version holds the indicator (which the campaign holds). With
     * {@code index}, the report also leads to this campaign when another of its indicators correlates
     * (how a report bridges campaigns); a report holding a hub is counted but not indexed through it.
     * {@code includableAt} is when the latest report of the change that brings the link was sent: the
     * one whose sighting made the indicator correlate, when it does so now. The link is listed in the report's entry while the list is short, so it costs no record of its
     * own; past that it is an entry of its own in {@code campaign-links}.
     */
    void link(
            String campaignKey,
            CampaignHeader campaign,
            String indicator,
            ReportLink report,
            boolean index,
            long includableAt) {
        String reportKey = ReportLinks.key(report);
        ReportPlaces places = stores.index.places(reportKey);
        ReportPlaces.Place place = stores.index.placeIn(places, campaignKey);
        CampaignReport known = place == null ? null : stores.reports.get(CampaignStores.key(place.part(), reportKey));
        // A report the campaign does not count holds none of its indicators (its entry goes with its
        // last link), so its link is new without a lookup in the store.
        boolean newLink = known == null || !holds(known, indicator, reportKey);
        if (known == null) {
            known = new CampaignReport(report, 0, new ArrayList<>());
            CampaignAggregates.addReport(campaign, report);
            if (place != null) {
                places = places.without(place.part());
            }
            place = new ReportPlaces.Place(campaignKey, index);
            stores.index.places(reportKey, places.with(campaignKey, index));
            newReport.joined(campaignKey, report.getReportedAt(), Math.max(report.getReportedAt(), includableAt));
        } else {
            if (index && newLink && !place.indexed()) {
                stores.index.places(reportKey, places.with(place.part(), true)); // counted through a hub only, so far
            }
            if (!known.getLink().equals(report)) {
                // A revision: its new attributes replace the old ones in the aggregates.
                CampaignAggregates.removeReport(campaign, known.getLink());
                CampaignAggregates.addReport(campaign, report);
                known.setLink(report);
            } else if (!newLink) {
                return;
            }
        }
        if (newLink) {
            add(known, indicator, reportKey);
        }
        stores.reports.put(CampaignStores.key(place.part(), reportKey), known);
    }

    /** Whether the report's entry says it holds the indicator: listed, or linked on its own. */
    private boolean holds(CampaignReport known, String indicator, String reportKey) {
        return known.getIndicators().contains(indicator)
                || stores.links.get(CampaignStores.linkKey(stores.partOf(indicator), indicator, reportKey)) != null;
    }

    /**
     * Counts a link in the report's entry. A report's first links are listed in it; the link that would
     * not fit moves them all out, and from then on each link is an entry of its own, so a large report's
     * entry stays small however often it is rewritten.
     */
    private void add(CampaignReport known, String indicator, String reportKey) {
        List<String> listed = known.getIndicators();
        boolean spilled = known.getHolds() > listed.size();
        if (!spilled && fitsInEntry(listed, indicator)) {
            // A copy: the decoded list need not support changes in place.
            List<String> more = new ArrayList<>(listed);
            more.add(indicator);
            known.setIndicators(more);
        } else {
            for (String moved : listed) {
                stores.links.put(CampaignStores.linkKey(stores.partOf(moved), moved, reportKey), PRESENT);
            }
            known.setIndicators(new ArrayList<>());
            stores.links.put(CampaignStores.linkKey(stores.partOf(indicator), indicator, reportKey), PRESENT);
        }
        known.setHolds(known.getHolds() + 1);
    }

    /** Whether the list can take one more indicator within its bounds ({@link #MAX_LISTED}, {@link #MAX_LISTED_BYTES}). */
    static boolean fitsInEntry(List<String> listed, String indicator) {
        if (listed.size() >= MAX_LISTED) {
            return false;
        }
        long bytes = 2L + indicator.length() * 3L;
        for (String i : listed) {
            bytes += 2L + i.length() * 3L; // at most three bytes per char in UTF-8
        }
        return bytes <= MAX_LISTED_BYTES;
    }

    /** Records that the report no longer holds the indicator; a report holding none stops counting. */
    void unlink(String campaignKey, CampaignHeader campaign, String indicator, String reportKey) {
        String part = stores.partOf(indicator);
        if (part == null) {
            return;
        }
        ReportPlaces places = stores.index.places(reportKey);
        ReportPlaces.Place place = stores.index.placeIn(places, campaignKey);
        if (place == null) {
            return;
        }
        String key = CampaignStores.key(place.part(), reportKey);
        CampaignReport known = stores.reports.get(key);
        if (known == null) {
            return;
        }
        if (known.getIndicators().contains(indicator)) {
            List<String> listed = new ArrayList<>(known.getIndicators());
            listed.remove(indicator);
            known.setIndicators(listed);
        } else {
            String linkKey = CampaignStores.linkKey(part, indicator, reportKey);
            if (stores.links.get(linkKey) == null) {
                return;
            }
            stores.links.delete(linkKey);
        }
        known.setHolds(known.getHolds() - 1);
        if (known.getHolds() > 0) {
            stores.reports.put(key, known);
            return;
        }
        stores.reports.delete(key);
        CampaignAggregates.removeReport(campaign, known.getLink());
        stores.index.places(reportKey, places.without(place.part()));
    }

    /**
     * The keys of the reports holding each of some of the campaign's indicators: those listing it,
     * found by reading the campaign's report entries once, and those linked to it on their own. Only
     * taking indicators out of a campaign needs this (they stopped correlating, or were warninglisted
     * late).
     */
    Map<String, List<String>> reportsHolding(String campaignKey, Collection<String> indicators) {
        Map<String, List<String>> out = new HashMap<>();
        for (String part : stores.forest.parts(campaignKey)) {
            stores.reportsOf(part).forEach((reportKey, entry) -> {
                for (String listed : entry.getIndicators()) {
                    if (indicators.contains(listed)) {
                        out.computeIfAbsent(listed, i -> new ArrayList<>()).add(reportKey);
                    }
                }
            });
        }
        for (String indicator : indicators) {
            String part = stores.partOf(indicator);
            if (part != null) {
                out.computeIfAbsent(indicator, i -> new ArrayList<>()).addAll(stores.reportsLinkedTo(part, indicator));
            }
        }
        return out;
    }

    /**
     * Merges the campaign rooted at {@code absorbedKey} into the one rooted at {@code survivorKey}:
     * their aggregates are added up, and the absorbed tree is attached under the survivor's, so nothing
     * it holds moves. The only entries written besides are those of reports both campaigns counted (a
     * report counted in one through a hub and in the other through its own indicators): their two
     * entries become one, counted once. Finding them reads the reports of the campaign that counts
     * fewer. The caller deletes the absorbed header.
     */
    void absorb(String survivorKey, CampaignHeader survivor, String absorbedKey, CampaignHeader absorbed) {
        CampaignAggregates.absorb(survivor, absorbed);
        boolean scanAbsorbed = absorbed.getReportCount() <= survivor.getReportCount();
        String scanned = scanAbsorbed ? absorbedKey : survivorKey;
        String other = scanAbsorbed ? survivorKey : absorbedKey;
        for (String part : stores.forest.parts(scanned)) {
            stores.reportsOf(part).forEach((reportKey, mine) -> {
                ReportPlaces places = stores.index.places(reportKey);
                ReportPlaces.Place theirs = stores.index.placeIn(places, other);
                if (theirs == null) {
                    return;
                }
                boolean indexed = theirs.indexed()
                        || places.places().stream().anyMatch(p -> p.part().equals(part) && p.indexed());
                String keep = CampaignStores.key(theirs.part(), reportKey);
                CampaignReport kept = stores.reports.get(keep);
                kept.setHolds(
                        kept.getHolds() + mine.getHolds() - mine.getIndicators().size());
                // The two campaigns' indicators are disjoint: each listed one is added once.
                mine.getIndicators().forEach(indicator -> add(kept, indicator, reportKey));
                stores.reports.put(keep, kept);
                stores.reports.delete(CampaignStores.key(part, reportKey));
                CampaignAggregates.removeReport(survivor, mine.getLink());
                stores.index.places(reportKey, places.without(part).with(theirs.part(), indexed));
            });
        }
        stores.forest.attach(absorbedKey, survivorKey);
        stores.absorbView(survivorKey, absorbedKey);
    }

    private static boolean sameMembers(List<MemberSpan> a, List<MemberSpan> b) {
        Map<String, Boolean> members = new HashMap<>();
        a.forEach(m -> members.put(m.getMember(), true));
        return a.size() == b.size() && b.stream().allMatch(m -> members.containsKey(m.getMember()));
    }
}
