package org.monsoon.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.monsoon.config.Topics;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryIndicator;

/**
 * Everything committed on an advisories topic, and what a regional analyst ends up with: the latest
 * version of each advisory. {@link #outcome()} is that end state in the fields whose change is
 * material by the contract (status, countries, indicators, severity, TLP, and what follows from them),
 * so runs of the same input can be compared however their work was scheduled. Left out: advisory ids
 * and version numbers (which indicator correlated first, how changes were coalesced), which of its
 * indicators the title names (the founding one: which correlated first, as the id), and report
 * counts and seen-times, which the contract lets lag until the next material change.
 */
public final class AdvisoryLog {
    private final List<Advisory> published;

    private AdvisoryLog(List<Advisory> published) {
        this.published = published;
    }

    public static AdvisoryLog read(String bootstrap, Topics topics) {
        List<ConsumerRecord<String, Advisory>> records = TopicReader.readAll(
                bootstrap,
                topics.advisories().name(),
                new StringDeserializer(),
                topics.advisories().valueSerde().deserializer());
        return new AdvisoryLog(records.stream().map(ConsumerRecord::value).toList());
    }

    public List<Advisory> published() {
        return published;
    }

    /** The latest version of each advisory id. */
    public Map<String, Advisory> latest() {
        Map<String, Advisory> latest = new HashMap<>();
        published.forEach(a -> latest.merge(a.getAdvisoryId(), a, (x, y) -> y.getVersion() > x.getVersion() ? y : x));
        return latest;
    }

    /**
     * Where an advisory's versions are not exactly 1..n, each once: a repeat means something was
     * published twice, a gap that a version was lost. Empty when the log is exactly-once.
     */
    public List<String> versionAnomalies() {
        Map<String, List<Integer>> versions = published.stream()
                .collect(Collectors.groupingBy(
                        Advisory::getAdvisoryId, Collectors.mapping(Advisory::getVersion, Collectors.toList())));
        List<String> anomalies = new ArrayList<>();
        versions.forEach((id, list) -> {
            List<Integer> sorted = list.stream().sorted().toList();
            for (int i = 0; i < sorted.size(); i++) {
                if (sorted.get(i) != i + 1) {
                    anomalies.add(id + " has versions " + sorted);
                    return;
                }
            }
        });
        return anomalies;
    }

    /** The active advisories as comparable text, sorted: severity, TLP, members, counts, indicators. */
    public List<String> outcome() {
        return latest().values().stream()
                .filter(a -> !"MERGED".equals(a.getStatus().name()))
                .map(AdvisoryLog::describe)
                .sorted()
                .toList();
    }

    /** Every indicator value in any version ever published. */
    public java.util.Set<String> everyIndicatorValue() {
        return published.stream()
                .flatMap(a -> a.getIndicators().stream())
                .map(AdvisoryIndicator::getValue)
                .collect(Collectors.toSet());
    }

    private static String describe(Advisory a) {
        String indicators = a.getIndicators().stream()
                .map(i -> i.getType() + ":" + i.getValue())
                .sorted()
                .collect(Collectors.joining(" "));
        return a.getStatus() + " " + a.getSeverity() + " " + a.getTlp() + " " + a.getCountries() + " " + a.getSectors()
                + " " + a.getCategories() + " \"" + titleShape(a) + "\" " + a.getRecommendedActions() + " {"
                + indicators + "}";
    }

    /**
     * The title with the indicator it names replaced by "one of its indicators" when it names one the
     * advisory lists (or the advisory lists none, as a withdrawn one); any other title as it is.
     */
    private static String titleShape(Advisory a) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(.*) campaign around (.*)").matcher(a.getTitle());
        if (m.matches()
                && (a.getIndicators().isEmpty()
                        || a.getIndicators().stream().anyMatch(i -> i.getValue().equals(m.group(2))))) {
            return m.group(1) + " campaign around one of its indicators";
        }
        return a.getTitle();
    }
}
