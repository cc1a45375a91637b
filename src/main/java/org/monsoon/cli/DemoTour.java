package org.monsoon.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.Indicator;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/**
 * The scripted part of {@code monsoon demo}: in its first quarter-minute it walks through every path a
 * report can take, saying what to look for: two members correlate; a redelivery is a duplicate; a
 * spoofed and a malformed record are dead-lettered; a RED report is counted and kept out; a second
 * campaign forms and a bridging report merges the two; with the demo's short window, the merged
 * advisory then expires within the minute.
 */
final class DemoTour implements AutoCloseable {
    private static final String DOMAIN = "secure-verify.tour-bank.example";
    // Not an address: documentation ranges are warninglisted (RFC 5737), so they would never correlate.
    private static final String HASH = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";

    private record Step(long atMillis, String says, Runnable action) {}

    private final List<Step> steps = new ArrayList<>();
    private final KafkaProducer<byte[], byte[]> raw;
    private final PrintStream out;
    private int next;

    /** {@code reports} sends a report on its reporter's topic; members are the region's. */
    DemoTour(MonsoonConfig config, Function<String, ReportProducer> reports, PrintStream out) {
        this.out = out;
        this.raw = new KafkaProducer<>(config.clientConfig(), new ByteArraySerializer(), new ByteArraySerializer());
        Topics topics = Topics.of(config);
        List<String> m = config.members();
        String a = m.get(0);
        String b = m.get(1 % m.size());
        String c = m.get(2 % m.size());
        String d = m.get(3 % m.size());
        String e = m.get(4 % m.size());
        String f = m.get(5 % m.size());
        long run = Instant.now().toEpochMilli();
        IncidentReport first = report(a, "tour-" + run + "-1", Tlp.GREEN, List.of(domain()));
        steps.add(new Step(
                1_000, a + " and " + b + " report the same phishing domain: it correlates into an advisory", () -> {
                    reports.apply(a).send(first);
                    reports.apply(b).send(report(b, "tour-" + run + "-2", Tlp.AMBER, List.of(domain())));
                }));
        steps.add(new Step(
                3_000,
                a + " sends the same report again (a redelivery): counted as a duplicate",
                () -> reports.apply(a).send(first)));
        steps.add(new Step(
                5_000,
                "a report claiming to be from " + f + " arrives on " + c + "'s topic (spoofed): dead-lettered",
                () -> reports.apply(c).send(report(f, "tour-" + run + "-3", Tlp.GREEN, List.of(domain())))));
        steps.add(new Step(
                6_000,
                "bytes that are no report arrive on " + d + "'s topic: dead-lettered",
                () -> raw.send(new ProducerRecord<>(
                        topics.reports(d).name(), null, "{not avro".getBytes(StandardCharsets.UTF_8)))));
        steps.add(new Step(
                7_000,
                // Like the pipeline, the tour never names who sent a RED report.
                "a member reports the domain as TLP:RED: counted by label only, and kept out of every advisory",
                () -> reports.apply(e).send(report(e, "tour-" + run + "-4", Tlp.RED, List.of(domain())))));
        steps.add(new Step(9_000, c + " and " + d + " report the same malware hash: a second advisory", () -> {
            reports.apply(c).send(report(c, "tour-" + run + "-5", Tlp.GREEN, List.of(hash())));
            reports.apply(d).send(report(d, "tour-" + run + "-6", Tlp.GREEN, List.of(hash())));
        }));
        steps.add(new Step(
                13_000,
                f + " reports the domain and the hash together: the two advisories merge",
                () -> reports.apply(f).send(report(f, "tour-" + run + "-7", Tlp.GREEN, List.of(domain(), hash())))));
        steps.add(new Step(
                14_000,
                "nothing more is reported of them: with the demo's short window the merged"
                        + " advisory expires within the minute",
                () -> {}));
    }

    /** Runs the steps whose time has come, {@code elapsedMillis} after the demo started feeding. */
    void advance(long elapsedMillis) {
        while (next < steps.size() && steps.get(next).atMillis() <= elapsedMillis) {
            Step step = steps.get(next++);
            step.action().run();
            out.println("tour: " + step.says());
        }
    }

    private static Indicator domain() {
        return new Indicator(IndicatorType.DOMAIN, DOMAIN);
    }

    private static Indicator hash() {
        return new Indicator(IndicatorType.SHA256, HASH);
    }

    private static IncidentReport report(String reporter, String id, Tlp tlp, List<Indicator> indicators) {
        Instant now = Instant.now();
        return IncidentReport.newBuilder()
                .setReportId(id)
                .setReporter(reporter)
                .setObservedAt(now)
                .setReportedAt(now)
                .setTlp(tlp)
                .setSeverity(Severity.HIGH)
                .setCategory("fraud")
                .setType("phishing")
                .setSector("finance")
                .setTitle("Tour: credential phishing against regional banks")
                .setDescription("Scripted report of the 'monsoon demo' tour.")
                .setIndicators(new ArrayList<>(indicators))
                .setReferences(List.of())
                .build();
    }

    @Override
    public void close() {
        raw.close();
    }
}
