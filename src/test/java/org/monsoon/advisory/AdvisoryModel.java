package org.monsoon.advisory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.monsoon.correlate.IndicatorKey;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.Indicator;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/**
 * What the advisories should say, computed from the input alone: the latest version of every report
 * not withdrawn, which indicators shareable reports from at least {@code min-countries} members hold
 * (warninglisted values aside), and, for any set of indicators, the reports behind them with their TLP
 * and severity. Reports of an earlier epoch (before the window was crossed) no longer count.
 * Indicator values are used as given: the scenarios use canonical values only.
 */
final class AdvisoryModel {
    /** A report that counts, with its content. */
    record Held(String reporter, String id, Tlp tlp, Severity severity, String rsit, Set<String> keys) {
        boolean shareable() {
            return tlp != Tlp.RED && tlp != Tlp.AMBER_STRICT;
        }
    }

    private final int minCountries;
    private final Map<String, Held> current = new LinkedHashMap<>();
    private final Set<String> warninglisted = new HashSet<>();

    AdvisoryModel(int minCountries) {
        this.minCountries = minCountries;
    }

    void report(IncidentReport r) {
        Set<String> keys = new TreeSet<>();
        for (Indicator i : r.getIndicators()) {
            keys.add(IndicatorKey.of(i.getType(), i.getValue()));
        }
        current.put(
                r.getReporter() + "/" + r.getReportId(),
                new Held(
                        r.getReporter(),
                        r.getReportId(),
                        r.getTlp(),
                        r.getSeverity(),
                        r.getCategory() + "/" + r.getType(),
                        keys));
    }

    void withdraw(String member, String id) {
        current.remove(member + "/" + id);
    }

    boolean holds(String member, String id) {
        return current.containsKey(member + "/" + id);
    }

    void warninglist(String key) {
        warninglisted.add(key);
    }

    /** The window was crossed: nothing reported so far correlates with what comes next. */
    void newEpoch() {
        current.clear();
    }

    /** Correlated indicator key to the members whose shareable reports hold it. */
    Map<String, Set<String>> correlated() {
        Map<String, Set<String>> members = new TreeMap<>();
        for (Held h : current.values()) {
            if (h.shareable()) {
                h.keys()
                        .forEach(k ->
                                members.computeIfAbsent(k, x -> new TreeSet<>()).add(h.reporter()));
            }
        }
        members.entrySet().removeIf(e -> e.getValue().size() < minCountries || warninglisted.contains(e.getKey()));
        return members;
    }

    /** The shareable reports holding at least one of {@code keys}. */
    Map<String, Held> reportsHolding(Set<String> keys) {
        Map<String, Held> out = new TreeMap<>();
        current.forEach((k, h) -> {
            if (h.shareable() && h.keys().stream().anyMatch(keys::contains)) {
                out.put(k, h);
            }
        });
        return out;
    }

    /** The contract's severity over some reports: the highest level enough members reached. */
    Severity severity(Iterable<Held> reports) {
        Map<String, Severity> highest = new HashMap<>();
        reports.forEach(h -> highest.merge(h.reporter(), h.severity(), (a, b) -> a.compareTo(b) >= 0 ? a : b));
        Severity result = Severity.LOW;
        for (Severity level : Severity.values()) {
            long members = highest.values().stream()
                    .filter(s -> s.compareTo(level) >= 0)
                    .count();
            if (members >= minCountries) {
                result = level;
            }
        }
        return result;
    }

    /** The most restrictive TLP of some reports. */
    static Tlp tlp(Iterable<Held> reports) {
        Tlp max = Tlp.CLEAR;
        for (Held h : reports) {
            if (h.tlp().compareTo(max) > 0) {
                max = h.tlp();
            }
        }
        return max;
    }
}
