package org.monsoon.campaign;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.monsoon.correlate.ReportRef;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/**
 * A campaign's header as the campaign stage keeps it: status and version, and running aggregates of
 * the reports and indicators it uses. Its indicators (with each member's span) and its report keys
 * live in stores of their own, keyed {@code <campaign id>|...}, so this record stays small however
 * large the campaign grows and writing it on every event costs the same. Mutable, JSON in the store.
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
    /** What was last published of the header (status, countries, severity, TLP). */
    public String digest = "";
    /** Whether the indicator set changed since the last published version. */
    public boolean indicatorsChanged;
    public int indicatorCount;
    public int reportCount;
    public TreeSet<String> countries = new TreeSet<>();
    public TreeSet<String> sectors = new TreeSet<>();
    public TreeSet<String> indicatorTypes = new TreeSet<>();
    /** RSIT {@code class/type} to the number of reports of that kind. */
    public Map<String, Integer> incidentTypes = new HashMap<>();
    public Tlp tlp;
    public Severity reportedSeverity;

    /** Counts a report that is new to this campaign into the aggregates. */
    void count(ReportRef report) {
        count(report.tlp(), report.severity(), report.sector(), report.category() + "/" + report.type());
    }

    void count(Tlp reportTlp, Severity severity, String sector, String incidentType) {
        reportCount++;
        if (tlp == null || reportTlp.ordinal() > tlp.ordinal()) {
            tlp = reportTlp;
        }
        if (reportedSeverity == null || severity.ordinal() > reportedSeverity.ordinal()) {
            reportedSeverity = severity;
        }
        if (sector != null) {
            sectors.add(sector);
        }
        incidentTypes.merge(incidentType, 1, Integer::sum);
    }

    /** Widens the campaign's span and countries with an indicator's member spans. */
    void cover(Map<String, long[]> members) {
        members.forEach((member, span) -> {
            countries.add(member);
            firstSeen = Math.min(firstSeen, span[0]);
            lastSeen = Math.max(lastSeen, span[1]);
        });
    }

    /** Whether this campaign is older than another: it survives a merge. */
    boolean olderThan(CampaignState other) {
        return createdAt != other.createdAt ? createdAt < other.createdAt : id.compareTo(other.id) < 0;
    }

    /** The value stored per report key: enough to rebuild the aggregates when campaigns merge. */
    static String reportValue(ReportRef r) {
        return r.tlp() + "|" + r.severity() + "|" + (r.sector() == null ? "" : r.sector()) + "|" + r.category() + "/" + r.type();
    }

    void countStored(String value) {
        String[] parts = value.split("\\|", 4);
        count(Tlp.valueOf(parts[0]), Severity.valueOf(parts[1]), parts[2].isEmpty() ? null : parts[2], parts[3]);
    }
}
