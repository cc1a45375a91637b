package org.monsoon.campaign;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.monsoon.correlate.IndicatorKey;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.CampaignHeader;
import org.monsoon.schema.MemberSpan;
import org.monsoon.schema.ReportLink;

/**
 * The running aggregates of a campaign header, kept as counts so that whatever is added can be taken
 * away again exactly: a report (TLP, severity, sector, RSIT type, report count), an indicator (its
 * type and the members that hold it). Pure functions over {@link CampaignHeader}; table-tested.
 */
public final class CampaignAggregates {
    /**
     * Distinct RSIT class/type pairs a campaign counts by name; CERTs may write any well-formed pair, so
     * past this the rest are counted together as {@link #OTHER_TYPE} and the header stays bounded.
     */
    static final int MAX_INCIDENT_TYPES = 64;

    static final String OTHER_TYPE = "other/undetermined";

    private CampaignAggregates() {}

    /** A new, empty, ACTIVE campaign. */
    public static CampaignHeader newCampaign(String id, long createdAt) {
        return CampaignHeader.newBuilder()
                .setId(id)
                .setStatus(AdvisoryStatus.ACTIVE)
                .setVersion(0)
                .setCreatedAt(createdAt)
                .setUpdatedAt(createdAt)
                .setFirstSeen(Long.MAX_VALUE)
                .setLastSeen(Long.MIN_VALUE)
                .setSupersededBy(null)
                .setDigest("")
                .setPublishedTlp(null)
                .setIndicatorsChanged(false)
                .setIndicatorCount(0)
                .setReportCount(0)
                .setCountries(new HashMap<>())
                .setSectors(new HashMap<>())
                .setIncidentTypes(new HashMap<>())
                .setTlps(new HashMap<>())
                .setSeverities(new HashMap<>())
                .setIndicatorTypes(new HashMap<>())
                .setTitle(null)
                .setFounder(null)
                .setMemberSeverities(new HashMap<>())
                .setMemberTypes(new HashMap<>())
                .setPublishedReportCount(0)
                .setPublishedAt(0)
                .build();
    }

    public static void addReport(CampaignHeader h, ReportLink r) {
        h.setReportCount(h.getReportCount() + 1);
        count(h, r, 1);
    }

    public static void removeReport(CampaignHeader h, ReportLink r) {
        h.setReportCount(h.getReportCount() - 1);
        count(h, r, -1);
    }

    private static void count(CampaignHeader h, ReportLink r, int delta) {
        add(h.getTlps(), r.getTlp().name(), delta);
        add(h.getSeverities(), r.getSeverity().name(), delta);
        add(h.getMemberSeverities(), memberKey(r.getReporter(), r.getSeverity().name()), delta);
        if (r.getSector() != null) {
            add(h.getSectors(), r.getSector(), delta);
        }
        String type = incidentType(h.getIncidentTypes(), r.getIncidentType(), delta > 0);
        add(h.getIncidentTypes(), type, delta);
        add(h.getMemberTypes(), memberKey(r.getReporter(), type), delta);
    }

    /** The key of a per-member count: {@code <member>|<what>}. */
    public static String memberKey(String member, String what) {
        return member + "|" + what;
    }

    /**
     * The name a report's RSIT type is counted under: its own when it is counted already (or, adding,
     * while there is room), else {@link #OTHER_TYPE}. A type counted as other and later given a slot
     * by another report is taken back from that slot: totals stay exact, the split may shift by one.
     */
    private static String incidentType(Map<String, Integer> counts, String type, boolean adding) {
        return counts.containsKey(type) || (adding && counts.size() < MAX_INCIDENT_TYPES) ? type : OTHER_TYPE;
    }

    /** Counts an indicator in: its type, and each member holding it; widens the campaign's span. */
    public static void addIndicator(CampaignHeader h, String indicator, List<MemberSpan> members) {
        h.setIndicatorCount(h.getIndicatorCount() + 1);
        add(h.getIndicatorTypes(), IndicatorKey.type(indicator).name(), 1);
        addMembers(h, members, 1);
    }

    public static void removeIndicator(CampaignHeader h, String indicator, List<MemberSpan> members) {
        h.setIndicatorCount(h.getIndicatorCount() - 1);
        add(h.getIndicatorTypes(), IndicatorKey.type(indicator).name(), -1);
        addMembers(h, members, -1);
    }

    /** Counts members in (+1) or out (-1); a member counted in also widens the campaign's span. */
    public static void addMembers(CampaignHeader h, List<MemberSpan> members, int delta) {
        for (MemberSpan m : members) {
            add(h.getCountries(), m.getMember(), delta);
            if (delta > 0) {
                h.setFirstSeen(Math.min(h.getFirstSeen(), m.getFirstSeen()));
                h.setLastSeen(Math.max(h.getLastSeen(), m.getLastSeen()));
            }
        }
    }

    /**
     * Adds everything {@code from} counts to {@code into}, as if each of its reports and indicators had
     * been added one by one (their indicators are disjoint; a report both count is taken back once by
     * the caller). RSIT types past {@link #MAX_INCIDENT_TYPES} are counted as {@link #OTHER_TYPE}, per
     * member too. The span widens; the indicators changed.
     */
    public static void absorb(CampaignHeader into, CampaignHeader from) {
        into.setReportCount(into.getReportCount() + from.getReportCount());
        into.setIndicatorCount(into.getIndicatorCount() + from.getIndicatorCount());
        into.setHubIndicators(into.getHubIndicators() + from.getHubIndicators());
        addAll(into.getCountries(), from.getCountries());
        addAll(into.getSectors(), from.getSectors());
        addAll(into.getTlps(), from.getTlps());
        addAll(into.getSeverities(), from.getSeverities());
        addAll(into.getIndicatorTypes(), from.getIndicatorTypes());
        addAll(into.getMemberSeverities(), from.getMemberSeverities());
        Map<String, String> folded = new HashMap<>();
        from.getIncidentTypes().forEach((type, n) -> {
            String as = incidentType(into.getIncidentTypes(), type, true);
            folded.put(type, as);
            add(into.getIncidentTypes(), as, n);
        });
        from.getMemberTypes().forEach((key, n) -> {
            int at = key.indexOf('|');
            String type = key.substring(at + 1);
            add(into.getMemberTypes(), memberKey(key.substring(0, at), folded.getOrDefault(type, type)), n);
        });
        into.setFirstSeen(Math.min(into.getFirstSeen(), from.getFirstSeen()));
        into.setLastSeen(Math.max(into.getLastSeen(), from.getLastSeen()));
        into.setUpdatedAt(Math.max(into.getUpdatedAt(), from.getUpdatedAt()));
        into.setIndicatorsChanged(true);
    }

    private static void addAll(Map<String, Integer> into, Map<String, Integer> from) {
        from.forEach((key, n) -> add(into, key, n));
    }

    private static void add(Map<String, Integer> counts, String key, int delta) {
        int now = counts.getOrDefault(key, 0) + delta;
        if (now <= 0) {
            counts.remove(key);
        } else {
            counts.put(key, now);
        }
    }
}
