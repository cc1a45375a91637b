package org.monsoon.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.ingest.Admission;
import org.monsoon.ingest.Rejection;
import org.monsoon.ingest.ReportJson;
import org.monsoon.ingest.ReportRules;
import org.monsoon.schema.IncidentReport;

/**
 * A CERT's side: validates reports and produces them in Avro to the member's own topic with an
 * idempotent producer (retries never duplicate). Lines that fail are reported with their number and
 * field; the valid ones are still sent.
 */
public final class ReportProducer implements AutoCloseable {
    /** Maximum length of one JSON line; larger reports could not pass the pipeline's size limit either. */
    public static final int MAX_LINE_CHARS = 1024 * 1024;

    /**
     * How a batch went.
     *
     * @param partial reports sent that the pipeline will accept without some of their indicators
     * @param tooOld reports sent that were observed before the correlation window: accepted, but too old
     *     to correlate with what the region sees now
     */
    public record Result(int sent, int failed, int partial, int tooOld) {}

    /** Exit code of a produce whose reports were all sent, but some without some of their indicators. */
    public static final int EXIT_LEFT_OUT = 3;

    private final String member;
    private final java.time.Duration window;
    private final Topics.Topic<String, IncidentReport> topic;
    private final KafkaProducer<String, IncidentReport> producer;

    public ReportProducer(MonsoonConfig config, String member) {
        this.member = member;
        this.window = config.correlationWindow();
        Topics topics = Topics.of(config);
        this.topic = topics.reports(member);
        Map<String, Object> props = config.clientConfig();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(
                props, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    public String topic() {
        return topic.name();
    }

    /** Reads JSON Lines, validating each; blank lines are skipped. */
    public Result produceLines(BufferedReader in, Supplier<Instant> now, Consumer<String> errors) throws IOException {
        int sent = 0;
        int failed = 0;
        int partial = 0;
        int tooOld = 0;
        AtomicInteger undelivered = new AtomicInteger();
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            IncidentReport report;
            try {
                report = parsed(line, now.get());
                Admission admission = admitted(report, now.get());
                if (admission.partial().isPresent()) {
                    errors.accept("line " + number + ": " + leftOut(report, admission));
                    partial++;
                }
                if (tooOld(report, now.get())) {
                    tooOld++;
                }
            } catch (ReportJson.JsonReportException e) {
                errors.accept("line " + number + ": " + e.getMessage());
                failed++;
                continue;
            }
            int lineNumber = number;
            producer.send(new ProducerRecord<>(topic.name(), report.getReportId(), report), (metadata, e) -> {
                if (e != null) {
                    undelivered.incrementAndGet();
                    errors.accept("line " + lineNumber + ": not delivered: " + e.getMessage());
                }
            });
            sent++;
        }
        producer.flush();
        return new Result(sent - undelivered.get(), failed + undelivered.get(), partial, tooOld);
    }

    /**
     * Whether {@code report} was observed before the correlation window (judged from now: the pipeline
     * judges from its stream time, which is at most now): it is accepted, but correlates with nothing the
     * region reports now. Replaying history with a longer {@code --window} correlates it.
     */
    public boolean tooOld(IncidentReport report, Instant now) {
        return report.getObservedAt().isBefore(now.minus(window));
    }

    /** The correlation window, as the tools say it. */
    public String window() {
        return window.toSeconds() % 86_400 == 0 ? "P" + window.toDays() + "D" : window.toString();
    }

    /**
     * What the pipeline will do with {@code report}, judged by its own rules ({@link Admission}).
     *
     * @throws ReportJson.JsonReportException with the reason when the pipeline would refuse it whole
     */
    public static Admission admitted(IncidentReport report, Instant now) throws ReportJson.JsonReportException {
        Admission admission = Admission.of(report, now);
        if (!admission.accepted()) {
            throw new ReportJson.JsonReportException(admission.refused().toString());
        }
        return admission;
    }

    /**
     * The line a tool prints for a report sent without some indicators: the report and exactly the
     * reason of the INVALID_INDICATOR letter the pipeline will write.
     */
    public static String leftOut(IncidentReport report, Admission admission) {
        return "report " + report.getReportId() + ": " + admission.partial().orElseThrow();
    }

    /**
     * Validates and sends one report, waiting for the broker; throws with the reason on failure.
     *
     * @return what the pipeline will make of it (the indicators it will leave out, if any)
     */
    public Admission produceValidated(IncidentReport report, Instant now) throws ReportJson.JsonReportException {
        Admission admission = admitted(report, now);
        try {
            producer.send(new ProducerRecord<>(topic.name(), report.getReportId(), report))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportJson.JsonReportException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new ReportJson.JsonReportException(
                    "not delivered: " + e.getCause().getMessage());
        }
        return admission;
    }

    /** Sends one report (the demo feed and benchmarks); asynchronous. */
    public void send(IncidentReport report) {
        producer.send(new ProducerRecord<>(topic.name(), report.getReportId(), report));
    }

    /**
     * Withdraws a report: a tombstone (null value) keyed by its report_id, Kafka's convention for taking
     * a record back. Waits until the broker has it.
     */
    public void withdraw(String reportId) {
        Optional<Rejection> bad = ReportRules.checkReportId(reportId, "--withdraw");
        if (bad.isPresent()) {
            throw new IllegalArgumentException(bad.get().reason());
        }
        try {
            producer.send(new ProducerRecord<>(topic.name(), reportId, null)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted withdrawing " + reportId, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(
                    "cannot withdraw " + reportId + ": " + e.getCause().getMessage(), e);
        }
    }

    private IncidentReport parsed(String line, Instant now) throws ReportJson.JsonReportException {
        if (line.length() > MAX_LINE_CHARS) {
            throw new ReportJson.JsonReportException(
                    "OVERSIZED: line of " + line.length() + " chars, more than " + MAX_LINE_CHARS);
        }
        IncidentReport report = ReportJson.parse(line, member, now);
        if (!report.getReporter().equals(member)) {
            throw new ReportJson.JsonReportException("field 'reporter': '" + report.getReporter()
                    + "' is not --reporter " + member + " (a CERT reports for its own country only)");
        }
        return report;
    }

    @Override
    public void close() {
        producer.close();
    }
}
