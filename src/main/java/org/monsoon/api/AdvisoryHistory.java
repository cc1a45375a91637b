package org.monsoon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.AdvisoryStatus;

/**
 * What changed in each version of each advisory, for the dashboard's detail view: status (an EXPIRED
 * or WITHDRAWN advisory that comes back is "re-opened"), title, severity, TLP, members, report count,
 * indicators added and removed. Fed with every version by the advisory
 * feed (every instance reads every partition, so any instance answers). It keeps the last
 * {@link #VERSIONS} versions of at most {@link #ADVISORIES} advisories, the least recently changed
 * forgotten first.
 */
final class AdvisoryHistory implements Consumer<Advisory> {
    static final int VERSIONS = 50;
    static final int ADVISORIES = 5_000;
    private static final int NAMED = 10;
    /** Past this many indicators a version's indicator changes are counted, not named, and not kept. */
    static final int KEPT_INDICATORS = 500;

    /**
     * What the next version is compared with: the last version's header fields, plus its indicator keys
     * when there are at most {@link #KEPT_INDICATORS} (a list can be a megabyte), so that the history
     * stays bounded (about {@link #ADVISORIES} x 500 keys) whatever the advisories' size.
     */
    private record Previous(
            int version,
            String title,
            String status,
            String severity,
            String tlp,
            List<String> countries,
            int reportCount,
            int indicatorCount,
            Set<String> keys) {
        static Previous of(Advisory a) {
            int count = a.getIndicators().size();
            return new Previous(
                    a.getVersion(),
                    a.getTitle(),
                    a.getStatus().name(),
                    a.getSeverity().name(),
                    a.getTlp().name(),
                    List.copyOf(a.getCountries()),
                    a.getReportCount(),
                    count,
                    count <= KEPT_INDICATORS ? AdvisoryHistory.keys(a.getIndicators()) : null);
        }
    }

    private record Seen(Previous last, Deque<ObjectNode> versions) {}

    private final Map<String, Seen> byId = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > ADVISORIES;
        }
    };

    @Override
    public synchronized void accept(Advisory advisory) {
        Seen seen = byId.get(advisory.getAdvisoryId());
        Previous previous = seen == null ? null : seen.last();
        if (previous != null && previous.version() >= advisory.getVersion()) {
            return; // a redelivered or older version after a restart of the feed
        }
        Deque<ObjectNode> versions = seen == null ? new ArrayDeque<>() : seen.versions();
        versions.addLast(summary(previous, advisory));
        while (versions.size() > VERSIONS) {
            versions.pollFirst();
        }
        byId.put(advisory.getAdvisoryId(), new Seen(Previous.of(advisory), versions));
    }

    /** {@code {advisory_id, versions: [...]}}, oldest first, or null when this advisory was never seen. */
    synchronized JsonNode of(String id) {
        Seen seen = byId.get(id);
        if (seen == null) {
            return null;
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("advisory_id", id);
        ArrayNode list = answer.putArray("versions");
        seen.versions().forEach(list::add);
        return answer;
    }

    private static ObjectNode summary(Previous last, Advisory now) {
        ObjectNode v = JsonNodeFactory.instance
                .objectNode()
                .put("version", now.getVersion())
                .put("updated_at", now.getUpdatedAt().toString())
                .put("status", now.getStatus().name())
                .put("severity", now.getSeverity().name())
                .put("tlp", now.getTlp().name())
                .put("report_count", now.getReportCount())
                .put("indicator_count", now.getIndicators().size());
        now.getCountries().forEach(v.putArray("countries")::add);
        ArrayNode changes = v.putArray("changes");
        if (last == null) {
            changes.add("first published");
            return v;
        }
        boolean reopened = now.getStatus() == AdvisoryStatus.ACTIVE
                && (last.status().equals(AdvisoryStatus.EXPIRED.name())
                        || last.status().equals(AdvisoryStatus.WITHDRAWN.name()));
        if (reopened) {
            changes.add("re-opened (was " + last.status() + ")");
        } else {
            change(changes, "status", last.status(), now.getStatus().name());
        }
        change(changes, "title", last.title(), now.getTitle());
        change(changes, "severity", last.severity(), now.getSeverity().name());
        change(changes, "TLP", last.tlp(), now.getTlp().name());
        Set<String> before = new TreeSet<>(last.countries());
        Set<String> after = new TreeSet<>(now.getCountries());
        difference(changes, "member", after, before, "+");
        difference(changes, "member", before, after, "-");
        if (last.reportCount() != now.getReportCount()) {
            changes.add("reports " + last.reportCount() + " → " + now.getReportCount());
        }
        if (last.keys() != null && now.getIndicators().size() <= KEPT_INDICATORS) {
            Set<String> keys = keys(now.getIndicators());
            difference(changes, "indicator", keys, last.keys(), "+");
            difference(changes, "indicator", last.keys(), keys, "-");
        } else if (last.indicatorCount() != now.getIndicators().size()) {
            changes.add("indicators " + last.indicatorCount() + " → "
                    + now.getIndicators().size());
        }
        if (changes.isEmpty()) {
            changes.add("first or last seen moved");
        }
        return v;
    }

    private static void change(ArrayNode changes, String what, String before, String after) {
        if (!before.equals(after)) {
            changes.add(what + " " + before + " → " + after);
        }
    }

    /** "+2 indicators: a, b" for what {@code in} has and {@code notIn} lacks; at most a few named. */
    private static void difference(ArrayNode changes, String what, Set<String> in, Set<String> notIn, String sign) {
        List<String> diff = new ArrayList<>(in);
        diff.removeAll(notIn);
        if (diff.isEmpty()) {
            return;
        }
        String named =
                String.join(", ", diff.subList(0, Math.min(NAMED, diff.size()))) + (diff.size() > NAMED ? ", …" : "");
        changes.add(sign + diff.size() + " " + what + (diff.size() == 1 ? "" : "s") + ": " + named);
    }

    private static Set<String> keys(List<AdvisoryIndicator> indicators) {
        Set<String> keys = new TreeSet<>();
        indicators.forEach(i -> keys.add(i.getType() + " " + i.getValue()));
        return keys;
    }
}
