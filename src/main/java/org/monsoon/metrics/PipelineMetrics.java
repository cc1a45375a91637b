package org.monsoon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.Tlp;

/**
 * Monsoon's own counters, tagged only with low-cardinality values (member code, error code): never an
 * indicator or a report id. Micrometer caches meters by name and tags, so lookups are cheap.
 */
public final class PipelineMetrics {
    /** Key under which the registry travels in the Streams config to the exception handlers. */
    public static final String CONFIG_KEY = "monsoon.metrics";

    private static final String REVISED = "Reports re-sent with new content under the same id";
    private static final String WITHDRAWN = "Reports withdrawn by their CERT (tombstones)";
    private static final String RESTRICTED =
            "RED and AMBER_STRICT reports received, kept out of advisories; counted only in aggregate";
    private static final String RESTRICTED_REJECTED =
            "RED and AMBER_STRICT reports sent to the dead-letter topic, counted only in aggregate";
    private static final String INTERNAL_ERRORS = "Records Monsoon could not handle, parked on monsoon.errors";

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastReport = new ConcurrentHashMap<>();
    private final AtomicLong activeAdvisories = new AtomicLong();
    private final AtomicLong hubIndicators = new AtomicLong();
    private final AtomicLong largestCampaign = new AtomicLong();
    private final Timer reportToAdvisory;
    private final Timer correlationToAdvisory;
    private volatile java.util.function.LongConsumer latencyTap;
    private volatile java.util.function.LongConsumer correlationLatencyTap;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("monsoon.active.advisories", activeAdvisories, AtomicLong::get)
                .description("ACTIVE advisories held by this instance's campaign stage")
                .register(registry);
        Gauge.builder("monsoon.largest.campaign.indicators", largestCampaign, AtomicLong::get)
                .description("The most indicators one campaign of this instance's campaign stage has held since"
                        + " the instance started")
                .register(registry);
        Gauge.builder("monsoon.hub.indicators", hubIndicators, AtomicLong::get)
                .description("Hub indicators (held by more than hub-reports reports, connecting no campaigns)"
                        + " listed by this instance's campaign stage")
                .register(registry);
        this.reportToAdvisory = Timer.builder("monsoon.report.to.advisory")
                .description("From a report's reported_at to the advisory that first includes it")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofDays(7))
                .register(registry);
        this.correlationToAdvisory = Timer.builder("monsoon.correlation.to.advisory")
                .description("From the report that let a report into a campaign (the one whose sighting made"
                        + " its indicator correlate, or the report itself) to the advisory that first includes it:"
                        + " the part of report-to-advisory latency that does not wait for other members")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofDays(7))
                .register(registry);
    }

    /** Metrics kept in memory only, for tests and tools. */
    public static PipelineMetrics inMemory() {
        return new PipelineMetrics(new SimpleMeterRegistry());
    }

    /**
     * Registers every counter at 0 for every label value it can carry, so that each series exists from
     * the start: {@code increase()} over a series that first appears at 1 is 0, and an alert on it
     * would miss the first event. The last-report gauge is left out: at 0 it would say a member has
     * been silent since 1970.
     *
     * @param members the member codes
     * @param rejectionCodes the dead-letter codes
     * @param stages where an internal error can happen (processor names, "deserialization of" a topic)
     */
    public void startAtZero(List<String> members, List<String> rejectionCodes, List<String> stages) {
        for (String member : members) {
            counter("monsoon.reports.received", "Reports read from member topics", "reporter", member);
            counter("monsoon.reports.duplicate", "Identical redeliveries dropped", "reporter", member);
            counter("monsoon.reports.revised", REVISED, "reporter", member);
            counter("monsoon.reports.withdrawn", WITHDRAWN, "reporter", member);
            for (String code : rejectionCodes) {
                rejectedCounter(member, code);
            }
        }
        for (Tlp tlp : List.of(Tlp.RED, Tlp.AMBER_STRICT)) {
            counter("monsoon.reports.restricted", RESTRICTED, "tlp", tlp.name());
        }
        rejectionCodes.forEach(
                code -> counter("monsoon.reports.restricted.rejected", RESTRICTED_REJECTED, "code", code));
        stages.forEach(stage -> counter("monsoon.internal.errors", INTERNAL_ERRORS, "stage", stage));
        for (AdvisoryStatus status : AdvisoryStatus.values()) {
            counter("monsoon.advisories.emitted", "Advisory versions published", "status", status.name());
        }
        streamThreadFailures();
        restrictedDuplicates();
        reroutes();
        warninglistedCounter();
        lateSightings();
        correlations();
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void received(String reporter) {
        counter("monsoon.reports.received", "Reports read from member topics", "reporter", reporter)
                .increment();
        lastReport
                .computeIfAbsent(reporter, member -> {
                    AtomicLong seconds = new AtomicLong();
                    Gauge.builder("monsoon.member.last.report.timestamp.seconds", seconds, AtomicLong::get)
                            .description("When this instance last received a report from the member (Unix seconds)")
                            .tag("reporter", member)
                            .register(registry);
                    return seconds;
                })
                .set(System.currentTimeMillis() / 1000);
    }

    /** The number of ACTIVE advisories, as counted by the campaign stage. */
    public void activeAdvisories(long count) {
        activeAdvisories.set(count);
    }

    /** A campaign now holds {@code indicators}: the largest one so far grows if it is larger. */
    public void campaignSize(long indicators) {
        largestCampaign.accumulateAndGet(indicators, Math::max);
    }

    /** The number of hub indicators in campaigns, as counted by the campaign stage. */
    public void hubIndicators(long count) {
        hubIndicators.set(count);
    }

    /**
     * A report reached an advisory {@code latency} after its CERT sent it, and {@code sinceIncludable}
     * after the report that let it into its campaign was sent (the same, unless it waited for another
     * member to report its indicator).
     */
    public void reportToAdvisory(Duration latency, Duration sinceIncludable) {
        reportToAdvisory.record(latency.isNegative() ? Duration.ZERO : latency);
        correlationToAdvisory.record(sinceIncludable.isNegative() ? Duration.ZERO : sinceIncludable);
        java.util.function.LongConsumer tap = latencyTap;
        if (tap != null) {
            tap.accept(latency.toMillis());
        }
        java.util.function.LongConsumer correlationTap = correlationLatencyTap;
        if (correlationTap != null) {
            correlationTap.accept(sinceIncludable.toMillis());
        }
    }

    /** Also tells {@code tap} every correlation-to-advisory latency, in milliseconds (the benchmark's). */
    public void tapCorrelationToAdvisory(java.util.function.LongConsumer tap) {
        correlationLatencyTap = tap;
    }

    /**
     * Also tells {@code tap} every report-to-advisory latency, in milliseconds: the benchmark keeps them
     * all for exact percentiles, where the timer has histogram buckets.
     */
    public void tapReportToAdvisory(java.util.function.LongConsumer tap) {
        latencyTap = tap;
    }

    public void rejected(String reporter, String code) {
        rejectedCounter(reporter, code).increment();
    }

    private Counter rejectedCounter(String reporter, String code) {
        return Counter.builder("monsoon.reports.rejected")
                .description("Reports sent to the dead-letter topic")
                .tag("reporter", reporter)
                .tag("code", code)
                .register(registry);
    }

    public void duplicate(String reporter) {
        counter("monsoon.reports.duplicate", "Identical redeliveries dropped", "reporter", reporter)
                .increment();
    }

    public void revised(String reporter) {
        counter("monsoon.reports.revised", REVISED, "reporter", reporter).increment();
    }

    /** A report taken back by its CERT (a tombstone on its topic). */
    public void withdrawn(String reporter) {
        counter("monsoon.reports.withdrawn", WITHDRAWN, "reporter", reporter).increment();
    }

    /**
     * A RED or AMBER_STRICT report received (valid or not, redeliveries included). Counted by TLP only:
     * restricted reports appear in no per-member series.
     */
    public void restricted(String tlp) {
        counter("monsoon.reports.restricted", RESTRICTED, "tlp", tlp).increment();
    }

    /** Monsoon's own failure, parked on {@code monsoon.errors}: by stage (a processor or topic name). */
    public void internalError(String stage) {
        counter("monsoon.internal.errors", INTERNAL_ERRORS, "stage", stage).increment();
    }

    /** A stream thread died (it is replaced with a back-off, a bounded number of times). */
    public void streamThreadFailure() {
        streamThreadFailures().increment();
    }

    private Counter streamThreadFailures() {
        return Counter.builder("monsoon.stream.thread.failures")
                .description("Stream threads that died")
                .register(registry);
    }

    /** A restricted report's identical redelivery dropped; counted without its reporter. */
    public void restrictedDuplicate() {
        restrictedDuplicates().increment();
    }

    private Counter restrictedDuplicates() {
        return Counter.builder("monsoon.reports.restricted.duplicate")
                .description(
                        "Identical redeliveries of RED and AMBER_STRICT reports dropped; counted only in aggregate")
                .register(registry);
    }

    /** A restricted report dead-lettered; by code only, never by reporter. */
    public void restrictedRejected(String code) {
        counter("monsoon.reports.restricted.rejected", RESTRICTED_REJECTED, "code", code)
                .increment();
    }

    /** A report read from another partition than the one where its versions meet: it took one more hop. */
    public void rerouted() {
        reroutes().increment();
    }

    private Counter reroutes() {
        return Counter.builder("monsoon.reports.rerouted")
                .description("Reports moved to the partition where their versions meet (their producer did not"
                        + " partition by report_id with Kafka's default partitioner); each takes one more hop")
                .register(registry);
    }

    public void warninglisted() {
        warninglistedCounter().increment();
    }

    private Counter warninglistedCounter() {
        return Counter.builder("monsoon.indicators.warninglisted")
                .description("Sightings of warninglisted indicators")
                .register(registry);
    }

    public void lateSighting() {
        lateSightings().increment();
    }

    private Counter lateSightings() {
        return Counter.builder("monsoon.sightings.late")
                .description("Sightings older than the correlation window")
                .register(registry);
    }

    public void correlation() {
        correlations().increment();
    }

    private Counter correlations() {
        return Counter.builder("monsoon.correlations")
                .description("Indicators that became correlated")
                .register(registry);
    }

    public void advisoryEmitted(String status) {
        counter("monsoon.advisories.emitted", "Advisory versions published", "status", status)
                .increment();
    }

    /** Current value of a counter, 0 if never incremented (for tests and the demo). */
    public double count(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private Counter counter(String name, String description, String tag, String value) {
        return Counter.builder(name).description(description).tag(tag, value).register(registry);
    }
}
