package org.monsoon.campaign;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.monsoon.correlate.ReportRef;

/**
 * A campaign as the campaign stage keeps it: its correlated indicators with each member's first and
 * last sighting, the shareable reports that sighted them, and what was last published. Mutable, JSON in
 * the store.
 */
public final class CampaignState {
    public String id;
    public String status = "ACTIVE";
    public int version;
    /** Event time the campaign was founded at: the older campaign survives a merge. */
    public long createdAt;
    public long firstSeen = Long.MAX_VALUE;
    public long lastSeen = Long.MIN_VALUE;
    public long updatedAt;
    public String supersededBy;
    public String digest = "";
    /** indicator key to member code to {@code [first_seen, last_seen]}. */
    public Map<String, Map<String, long[]>> indicators = new TreeMap<>();
    /** report key to the report, without its indicator list. */
    public Map<String, ReportRef> reports = new HashMap<>();

    /** Records a correlated indicator's current member spans and the reports that sighted it. */
    void apply(String indicator, Map<String, long[]> members, Iterable<ReportRef> newReports) {
        indicators.put(indicator, new TreeMap<>(members));
        for (ReportRef r : newReports) {
            reports.put(r.key(), new ReportRef(r.reporter(), r.reportId(), r.observedAt(), r.reportedAt(), r.tlp(),
                    r.severity(), r.category(), r.type(), r.sector(), r.title(), java.util.List.of()));
        }
        recomputeSpan();
    }

    /** Takes over another campaign's indicators and reports. */
    void absorb(CampaignState other) {
        other.indicators.forEach((k, v) -> indicators.merge(k, v, (mine, theirs) -> {
            Map<String, long[]> merged = new TreeMap<>(mine);
            theirs.forEach((m, span) -> merged.merge(m, span, (a, b) ->
                    new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])}));
            return merged;
        }));
        reports.putAll(other.reports);
        recomputeSpan();
    }

    void recomputeSpan() {
        firstSeen = Long.MAX_VALUE;
        lastSeen = Long.MIN_VALUE;
        for (Map<String, long[]> members : indicators.values()) {
            for (long[] span : members.values()) {
                firstSeen = Math.min(firstSeen, span[0]);
                lastSeen = Math.max(lastSeen, span[1]);
            }
        }
    }

    /** Whether this campaign is older than another: it survives a merge. */
    boolean olderThan(CampaignState other) {
        return createdAt != other.createdAt ? createdAt < other.createdAt : id.compareTo(other.id) < 0;
    }
}
