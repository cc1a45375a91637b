package org.monsoon.campaign;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.monsoon.correlate.MemberSpans;
import org.monsoon.correlate.ReportLinks;
import org.monsoon.schema.CampaignHeader;
import org.monsoon.schema.CampaignIndicator;
import org.monsoon.schema.CampaignReport;
import org.monsoon.schema.MemberSpan;
import org.monsoon.schema.ReportLink;

/**
 * Which report holds which of a campaign's indicators, and what follows from it: a report counts in a
 * campaign's aggregates while it holds at least one of its indicators, with the attributes of its
 * latest version; an indicator counts with its members' spans. Every operation is idempotent (a link
 * is added or removed once however often it is told), so a replayed event changes nothing.
 */
final class CampaignLinks {
    private static final byte[] PRESENT = new byte[0];

    private final CampaignStores stores;
    private final BiConsumer<String, Long> newReport;

    /** @param newReport told (campaign key, reported_at) when a report first counts in a campaign */
    CampaignLinks(CampaignStores stores, BiConsumer<String, Long> newReport) {
        this.stores = stores;
        this.newReport = newReport;
    }

    /**
     * Adds the indicator to the campaign or updates its member spans: widened by what is new, or, when
     * reports were taken back ({@code replace}), replaced by what the correlate stage holds now; and
     * whether it is a hub (a change of which is shown, so material).
     */
    void putIndicator(
            String campaignKey,
            CampaignHeader campaign,
            String indicator,
            List<MemberSpan> spans,
            boolean replace,
            boolean hub) {
        CampaignIndicator known = stores.indicator(campaignKey, indicator);
        List<MemberSpan> now;
        if (known == null) {
            now = spans;
            CampaignAggregates.addIndicator(campaign, indicator, now);
            campaign.setIndicatorsChanged(true);
            stores.membership.put(indicator, campaignKey);
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
        stores.putIndicator(campaignKey, indicator, new CampaignIndicator(new ArrayList<>(now), hub));
    }

    private void countHub(CampaignHeader campaign, int delta) {
        campaign.setHubIndicators(campaign.getHubIndicators() + delta);
        stores.hubs(delta);
    }

    /** Takes an indicator out of the campaign with every link to it (the caller withdraws a campaign left with none). */
    void dropIndicator(String id, CampaignHeader campaign, String indicator) {
        CampaignIndicator known = stores.indicator(id, indicator);
        if (known == null) {
            return;
        }
        stores.reportsHolding(id, indicator).forEach(report -> unlink(id, campaign, indicator, report));
        stores.deleteIndicator(id, indicator);
        if (id.equals(stores.membership.get(indicator))) {
            stores.membership.delete(indicator);
        }
        CampaignAggregates.removeIndicator(campaign, indicator, known.getMembers());
        if (known.getHub()) {
            countHub(campaign, -1);
        }
        campaign.setIndicatorsChanged(true);
    }

    /**
     * Records that the report's current version holds the indicator. With {@code index}, the report
     * also leads to this campaign when another of its indicators correlates (how a report bridges
     * campaigns); a report holding a hub is counted but not indexed through it.
     */
    void link(String id, CampaignHeader campaign, String indicator, ReportLink report, boolean index) {
        String reportKey = ReportLinks.key(report);
        String linkKey = CampaignStores.linkKey(id, indicator, reportKey);
        CampaignReport known = stores.reports.get(CampaignStores.key(id, reportKey));
        // A report the campaign does not count holds none of its indicators (its entry goes with its
        // last link), so its link is new without a lookup in the store.
        boolean newLink = known == null || stores.links.get(linkKey) == null;
        if (newLink) {
            stores.links.put(linkKey, PRESENT);
        }
        if (known == null) {
            known = new CampaignReport(report, 0);
            CampaignAggregates.addReport(campaign, report);
            if (index) {
                stores.reportIndex.put(reportKey, id);
            }
            newReport.accept(id, report.getReportedAt());
        } else {
            if (index && newLink && !id.equals(stores.reportIndex.get(reportKey))) {
                stores.reportIndex.put(reportKey, id); // counted through a hub only, so far
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
        known.setHolds(known.getHolds() + (newLink ? 1 : 0));
        stores.reports.put(CampaignStores.key(id, reportKey), known);
    }

    /** Records that the report no longer holds the indicator; a report holding none stops counting. */
    void unlink(String id, CampaignHeader campaign, String indicator, String reportKey) {
        String linkKey = CampaignStores.linkKey(id, indicator, reportKey);
        if (stores.links.get(linkKey) == null) {
            return;
        }
        stores.links.delete(linkKey);
        String key = CampaignStores.key(id, reportKey);
        CampaignReport known = stores.reports.get(key);
        if (known == null) {
            return;
        }
        known.setHolds(known.getHolds() - 1);
        if (known.getHolds() > 0) {
            stores.reports.put(key, known);
            return;
        }
        stores.reports.delete(key);
        CampaignAggregates.removeReport(campaign, known.getLink());
        if (id.equals(stores.reportIndex.get(reportKey))) {
            stores.reportIndex.delete(reportKey);
        }
    }

    /**
     * Copies every indicator, link and report of the campaign kept under {@code source} into the one
     * under {@code target}, counting them into {@code to}'s aggregates (their indicators are disjoint).
     * The caller deletes the source. Its cost is the source's size: the caller moves the smaller one.
     */
    void moveAll(String source, String target, CampaignHeader to) {
        stores.indicatorsOf(source)
                .forEach((indicator, spans) ->
                        putIndicator(target, to, indicator, spans.getMembers(), false, spans.getHub()));
        for (String[] link : stores.linksOf(source)) {
            stores.links.put(CampaignStores.linkKey(target, link[0], link[1]), PRESENT);
        }
        stores.reportsOf(source).forEach((reportKey, report) -> {
            String key = CampaignStores.key(target, reportKey);
            CampaignReport known = stores.reports.get(key);
            if (known == null) {
                CampaignAggregates.addReport(to, report.getLink());
                stores.reports.put(key, report);
            } else {
                known.setHolds(known.getHolds() + report.getHolds());
                stores.reports.put(key, known);
            }
            stores.reportIndex.put(reportKey, target);
        });
    }

    private static boolean sameMembers(List<MemberSpan> a, List<MemberSpan> b) {
        Map<String, Boolean> members = new HashMap<>();
        a.forEach(m -> members.put(m.getMember(), true));
        return a.size() == b.size() && b.stream().allMatch(m -> members.containsKey(m.getMember()));
    }
}
