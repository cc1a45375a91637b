package org.monsoon.advisory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.monsoon.correlate.IndicatorKey;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.Tlp;

/**
 * The advisory invariants of the contract, checked on every advisory record in the order written, and
 * the latest versions checked against {@link AdvisoryModel}. Each check returns what it found wrong
 * (empty: nothing), naming the advisory and version, so a failing property shows its counterexample.
 */
final class AdvisoryInvariants {
    private final Map<String, Advisory> previous = new HashMap<>();
    private final Set<String> restrictedValues;
    private final List<String> violations = new ArrayList<>();

    /** @param restrictedValues values only RED or AMBER+STRICT reports ever held */
    AdvisoryInvariants(Set<String> restrictedValues) {
        this.restrictedValues = restrictedValues;
    }

    List<String> violations() {
        return violations;
    }

    /** Checks one record against the one before it of the same id. */
    void accept(Advisory a) {
        String at = a.getAdvisoryId().substring(0, 8) + " v" + a.getVersion() + " " + a.getStatus() + ": ";
        Advisory before = previous.put(a.getAdvisoryId(), a);
        if (before == null) {
            check(a.getVersion() == 1, at + "the first version written is not 1");
        } else {
            check(a.getVersion() == before.getVersion() + 1, at + "follows v" + before.getVersion());
            check(
                    !a.getFirstSeen().isAfter(before.getFirstSeen()),
                    at + "first_seen moved later: " + before.getFirstSeen() + " -> " + a.getFirstSeen());
            check(
                    !a.getLastSeen().isBefore(before.getLastSeen()),
                    at + "last_seen moved earlier: " + before.getLastSeen() + " -> " + a.getLastSeen());
            if (!a.getTitle().equals(before.getTitle())) {
                boolean kept = a.getStatus() == AdvisoryStatus.MERGED || a.getStatus() == AdvisoryStatus.WITHDRAWN;
                check(!kept, at + "a " + a.getStatus() + " advisory changed its title");
                String named = before.getTitle().substring(before.getTitle().lastIndexOf(' ') + 1);
                check(
                        a.getIndicators().stream().noneMatch(i -> i.getValue().equals(named)),
                        at + "title changed from '" + before.getTitle() + "' to '" + a.getTitle() + "' while " + named
                                + " is still listed");
            }
        }
        check(a.getTlp() != Tlp.RED && a.getTlp() != Tlp.AMBER_STRICT, at + "TLP " + a.getTlp());
        for (AdvisoryIndicator i : a.getIndicators()) {
            check(!restrictedValues.contains(i.getValue()), at + "lists restricted " + i.getValue());
        }
        check(
                !restrictedValues.stream()
                        .anyMatch(
                                v -> a.getSummary().contains(v) || a.getTitle().contains(v)),
                at + "names a restricted value");
        check(a.getRecommendedActions().size() <= AdvisoryRules.MAX_ACTIONS, at + "more than five actions");
        if (a.getStatus() == AdvisoryStatus.WITHDRAWN) {
            check(a.getIndicators().isEmpty() && a.getCountries().isEmpty(), at + "withdrawn but lists content");
        }
        if (a.getStatus() == AdvisoryStatus.MERGED) {
            check(a.getSupersededBy() != null, at + "merged into nothing");
        }
    }

    /** The latest versions against the model, once every change has had time to be published. */
    void matches(Map<String, Advisory> latest, AdvisoryModel model) {
        Map<String, Set<String>> expected = model.correlated();
        Map<String, String> listedBy = new TreeMap<>();
        for (Advisory a : latest.values()) {
            if (a.getStatus() != AdvisoryStatus.ACTIVE) {
                continue;
            }
            String at = a.getAdvisoryId().substring(0, 8) + " v" + a.getVersion() + ": ";
            check(!a.getIndicators().isEmpty(), at + "ACTIVE with no indicator");
            Set<String> keys = new TreeSet<>();
            Set<String> countries = new TreeSet<>();
            for (AdvisoryIndicator i : a.getIndicators()) {
                String key = IndicatorKey.of(i.getType(), i.getValue());
                keys.add(key);
                countries.addAll(i.getCountries());
                String other = listedBy.put(key, a.getAdvisoryId());
                check(other == null, at + key + " is also listed by ACTIVE " + other);
                check(expected.containsKey(key), at + "lists " + key + ", which is not correlated");
                check(
                        !expected.containsKey(key) || expected.get(key).equals(new TreeSet<>(i.getCountries())),
                        at + key + " lists " + i.getCountries() + ", held by " + expected.get(key));
            }
            check(countries.equals(new TreeSet<>(a.getCountries())), at + "countries " + a.getCountries());
            var reports = model.reportsHolding(keys).values();
            check(
                    a.getReportCount() == reports.size(),
                    at + "report_count " + a.getReportCount() + ", reports behind it " + reports.size());
            check(a.getTlp() == AdvisoryModel.tlp(reports), at + "TLP " + a.getTlp());
            check(
                    a.getSeverity() == model.severity(reports),
                    at + "severity " + a.getSeverity() + ", expected " + model.severity(reports));
        }
        for (String key : expected.keySet()) {
            check(listedBy.containsKey(key), key + " is correlated but no ACTIVE advisory lists it");
        }
    }

    private void check(boolean ok, String violation) {
        if (!ok) {
            violations.add(violation);
        }
    }
}
