package org.monsoon.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.Indicator;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/** Test-data builder: {@code aReport().from("SG").withId("r1").withIndicator(DOMAIN, "evil.com").build()}. */
public final class ReportBuilder {
    public static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    private String id = "r-1";
    private String reporter = "SG";
    private Instant observedAt = T0;
    private Instant reportedAt = T0.plusSeconds(600);
    private Tlp tlp = Tlp.GREEN;
    private Severity severity = Severity.HIGH;
    private String title = "Phishing wave against banks";
    private String description = null;
    private String sector = "finance";
    private String category = "fraud";
    private String type = "phishing";
    private final List<Indicator> indicators = new ArrayList<>();

    private ReportBuilder() {}

    /** {@link #T0} plus {@code n} days. */
    public static Instant day(int n) {
        return T0.plus(java.time.Duration.ofDays(n));
    }

    public static ReportBuilder aReport() {
        return new ReportBuilder();
    }

    public ReportBuilder from(String member) {
        this.reporter = member;
        return this;
    }

    public ReportBuilder withId(String value) {
        this.id = value;
        return this;
    }

    public ReportBuilder observedAt(Instant value) {
        this.observedAt = value;
        return this;
    }

    public ReportBuilder reportedAt(Instant value) {
        this.reportedAt = value;
        return this;
    }

    public ReportBuilder withTlp(Tlp value) {
        this.tlp = value;
        return this;
    }

    public ReportBuilder withSeverity(Severity value) {
        this.severity = value;
        return this;
    }

    public ReportBuilder withTitle(String value) {
        this.title = value;
        return this;
    }

    public ReportBuilder withDescription(String value) {
        this.description = value;
        return this;
    }

    public ReportBuilder withSector(String value) {
        this.sector = value;
        return this;
    }

    /** The RSIT class and type, e.g. {@code malicious-code}, {@code malware-distribution}. */
    public ReportBuilder withIncidentType(String rsitClass, String rsitType) {
        this.category = rsitClass;
        this.type = rsitType;
        return this;
    }

    public ReportBuilder withIndicator(IndicatorType type, String value) {
        indicators.add(new Indicator(type, value));
        return this;
    }

    public IncidentReport build() {
        List<Indicator> list = indicators.isEmpty()
                ? List.of(new Indicator(IndicatorType.DOMAIN, "evil.example"))
                : List.copyOf(indicators);
        return IncidentReport.newBuilder()
                .setReportId(id)
                .setReporter(reporter)
                .setObservedAt(observedAt)
                .setReportedAt(reportedAt)
                .setTlp(tlp)
                .setSeverity(severity)
                .setCategory(category)
                .setType(type)
                .setSector(sector)
                .setTitle(title)
                .setDescription(description)
                .setIndicators(new ArrayList<>(list))
                .setReferences(new ArrayList<>())
                .build();
    }
}
