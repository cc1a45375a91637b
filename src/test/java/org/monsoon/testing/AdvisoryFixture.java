package org.monsoon.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/** Test data: an advisory version built up field by field, with sensible defaults for the rest. */
public final class AdvisoryFixture {
    private final String id;
    private int version = 1;
    private AdvisoryStatus status = AdvisoryStatus.ACTIVE;
    private Tlp tlp = Tlp.GREEN;
    private Severity severity = Severity.MEDIUM;
    private String title;
    private Instant updatedAt = Instant.parse("2026-11-21T09:00:00Z");
    private String supersededBy;
    private final List<AdvisoryIndicator> indicators = new ArrayList<>();

    private AdvisoryFixture(String id) {
        this.id = id;
    }

    public static AdvisoryFixture anAdvisory(String id) {
        return new AdvisoryFixture(id);
    }

    public AdvisoryFixture version(int version, Instant updatedAt) {
        this.version = version;
        this.updatedAt = updatedAt;
        return this;
    }

    public AdvisoryFixture status(AdvisoryStatus status) {
        this.status = status;
        return this;
    }

    public AdvisoryFixture tlp(Tlp tlp) {
        this.tlp = tlp;
        return this;
    }

    public AdvisoryFixture severity(Severity severity) {
        this.severity = severity;
        return this;
    }

    public AdvisoryFixture mergedInto(String survivor) {
        this.status = AdvisoryStatus.MERGED;
        this.supersededBy = survivor;
        return this;
    }

    /** An indicator first seen on 20 November, last seen on 21 November, by the given members. */
    public AdvisoryFixture indicator(IndicatorType type, String value, String... countries) {
        indicators.add(new AdvisoryIndicator(
                type,
                value,
                List.of(countries),
                Instant.parse("2026-11-20T08:00:00Z"),
                Instant.parse("2026-11-21T08:00:00Z"),
                false));
        return this;
    }

    /** A title of its own (by default: phishing around the first indicator). */
    public AdvisoryFixture title(String value) {
        this.title = value;
        return this;
    }

    public Advisory build() {
        TreeSet<String> countries = new TreeSet<>();
        indicators.forEach(i -> countries.addAll(i.getCountries()));
        return Advisory.newBuilder()
                .setAdvisoryId(id)
                .setVersion(version)
                .setStatus(status)
                .setTitle(
                        title != null
                                ? title
                                : "Phishing campaign around "
                                        + (indicators.isEmpty()
                                                ? "nothing"
                                                : indicators.get(0).getValue()))
                .setSummary(indicators.size() + " indicators")
                .setSeverity(severity)
                .setTlp(tlp)
                .setCountries(new ArrayList<>(countries))
                .setSectors(List.of("finance"))
                .setCategories(List.of("fraud/phishing"))
                .setIndicators(new ArrayList<>(indicators))
                .setReportCount(2 * indicators.size())
                .setFirstSeen(Instant.parse("2026-11-20T08:00:00Z"))
                .setLastSeen(Instant.parse("2026-11-21T08:00:00Z"))
                .setUpdatedAt(updatedAt)
                .setRecommendedActions(List.of("Block the indicators."))
                .setSupersededBy(supersededBy)
                .build();
    }
}
