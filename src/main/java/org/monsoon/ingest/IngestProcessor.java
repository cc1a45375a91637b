package org.monsoon.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.registry.SchemaRegistryClient;
import org.monsoon.registry.SchemaRegistryException;
import org.monsoon.schema.IncidentReport;
import org.monsoon.serde.TopicNameStrategy;
import org.monsoon.serde.WireFormat;

/**
 * Stage 1: decodes a report, checks it against the contract and canonicalises it. The reporter is the
 * topic's member: a payload that claims another country is refused, so a CERT speaks only for its
 * own. A tombstone (null value, the report_id as key) withdraws a report and flows on as a null value.
 * Output key: {@code <reporter>/<report_id>}, the identity deduplication works on; output time:
 * {@code observed_at}, the event time every later stage works in (a month of backlog dumped at once
 * must correlate as the month it describes).
 *
 * <p>Decoding happens here rather than in the source's deserializer on purpose: Kafka Streams runs the
 * deserialization handler when it buffers a record, ahead of processing, so under exactly-once a
 * crash could commit the dead-letter record without the source offset and dead-letter it again after
 * the restart. A failure raised here goes through the processing handler, in step with the offsets.
 */
public final class IngestProcessor implements Processor<String, byte[], String, IncidentReport> {
    /**
     * Header, on a report accepted without some of its indicators, naming those left out and why: read
     * (and removed) by the deduplication stage, which writes the member's INVALID_INDICATOR letter.
     */
    public static final String LEFT_OUT_HEADER = "monsoon.left-out";

    /**
     * Header beside {@link #LEFT_OUT_HEADER}: {@code <topic>/<partition>@<offset>} of the member's record,
     * so that the letter names where the CERT sent it even when the report crossed {@code dedup-by-report}.
     */
    public static final String LEFT_OUT_SOURCE_HEADER = "monsoon.left-out.source";

    /** The source coordinates {@link #LEFT_OUT_SOURCE_HEADER} holds, or null when it holds none. */
    public static RejectedReportException.Source leftOutSource(byte[] header) {
        if (header == null) {
            return null;
        }
        String text = new String(header, StandardCharsets.UTF_8);
        int slash = text.lastIndexOf('/');
        int at = text.lastIndexOf('@');
        try {
            return new RejectedReportException.Source(
                    text.substring(0, slash),
                    Integer.parseInt(text.substring(slash + 1, at)),
                    Long.parseLong(text.substring(at + 1)));
        } catch (RuntimeException e) {
            return null; // not ours: the letter names the deduplication stage's input instead
        }
    }

    private final Deserializer<IncidentReport> decoder;
    private final SchemaRegistryClient registry;
    private final Function<String, Optional<String>> memberOfTopic;
    private final Supplier<Instant> clock;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, IncidentReport> context;
    private MemberCounts counts;

    /**
     * @param registry checks that a record's schema id is a version of its topic's subject
     */
    public IngestProcessor(
            Deserializer<IncidentReport> decoder,
            SchemaRegistryClient registry,
            Function<String, Optional<String>> memberOfTopic,
            Supplier<Instant> clock,
            PipelineMetrics metrics) {
        this.decoder = decoder;
        this.registry = registry;
        this.memberOfTopic = memberOfTopic;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, IncidentReport> context) {
        this.context = context;
        counts = new MemberCounts(context.getStateStore(MemberCounts.STORE), context::currentSystemTimeMs);
        context.schedule(
                java.time.Duration.ofMinutes(1),
                org.apache.kafka.streams.processor.PunctuationType.WALL_CLOCK_TIME,
                now -> counts.expire());
    }

    /** The stage, with its store of per-member statistics (which the dedup stage also counts into). */
    public static ProcessorSupplier<String, byte[], String, IncidentReport> supplier(
            Deserializer<IncidentReport> decoder,
            SchemaRegistryClient registry,
            Function<String, Optional<String>> memberOfTopic,
            Supplier<Instant> clock,
            PipelineMetrics metrics) {
        return new ProcessorSupplier<>() {
            @Override
            public IngestProcessor get() {
                return new IngestProcessor(decoder, registry, memberOfTopic, clock, metrics);
            }

            @Override
            public java.util.Set<StoreBuilder<?>> stores() {
                return java.util.Set.of(MemberCounts.builder());
            }
        };
    }

    /** Counts a refusal (per member unless restricted) and returns what to throw. */
    private RejectedReportException refuse(String member, Rejection rejection, boolean restricted) {
        if (!restricted) {
            counts.rejected(member, rejection.code());
        }
        return new RejectedReportException(member, rejection, restricted);
    }

    private void received(String member) {
        metrics.received(member);
        counts.received(member);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        String member = memberOfTopic
                .apply(topic)
                .orElseThrow(() -> new IllegalStateException("record from unexpected topic " + topic));
        if (record.value() == null) {
            received(member);
            withdraw(member, record);
            return;
        }
        IncidentReport report;
        try {
            // A registry that is down is not the CERT's fault: retried, never dead-lettered.
            report = TransientFailure.retrying(
                    () -> {
                        requireOwnSubject(topic, record.value());
                        return decoder.deserialize(topic, record.value());
                    },
                    TransientFailure.RETRY_BUDGET,
                    TransientFailure.Sleeper.THREAD);
        } catch (SerializationException e) {
            received(member);
            throw refuse(
                    member, new Rejection(Rejection.Code.DESERIALIZATION_FAILED, "value: " + e.getMessage()), false);
        }
        // From here the label is known: a restricted report is counted by TLP only, so that nobody who
        // can read metrics learns that this member sent one.
        boolean restricted = ReportRules.restricted(report.getTlp());
        if (restricted) {
            metrics.restricted(report.getTlp().name());
        } else {
            received(member);
        }
        if (!member.equals(report.getReporter())) {
            throw refuse(
                    member,
                    new Rejection(
                            Rejection.Code.REPORTER_MISMATCH,
                            "reporter: '" + ReportRules.clip(report.getReporter()) + "' on topic " + topic
                                    + ", which belongs to " + member),
                    restricted);
        }
        Admission admission = Admission.of(report, clock.get());
        if (!admission.accepted()) {
            throw refuse(member, admission.refused(), restricted);
        }
        Headers headers = record.headers();
        Optional<Rejection> partial = admission.partial();
        if (partial.isPresent()) {
            // Accepted with its valid indicators; the deduplication stage writes the INVALID_INDICATOR
            // letter that names the others once it knows the report is not a redelivery.
            String source = context.recordMetadata()
                    .map(m -> m.topic() + "/" + m.partition() + "@" + m.offset())
                    .orElse(topic + "/-1@-1");
            headers = new RecordHeaders(headers.toArray())
                    .add(LEFT_OUT_HEADER, partial.get().reason().getBytes(StandardCharsets.UTF_8))
                    .add(LEFT_OUT_SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        }
        context.forward(new Record<>(
                member + "/" + report.getReportId(),
                admission.canonical(),
                report.getObservedAt().toEpochMilli(),
                headers));
    }

    /**
     * A member's record must be written with a version of its own topic's value subject: a schema id
     * registered under an unrelated subject could decode into a report that no CERT agreed to.
     */
    private void requireOwnSubject(String topic, byte[] value) {
        int id = WireFormat.schemaId(value);
        String subject = TopicNameStrategy.subject(topic, false);
        boolean own;
        try {
            own = registry.isVersionOf(subject, id);
        } catch (SchemaRegistryException e) {
            if (e.status() >= 500) {
                throw e; // the registry is down: transient, retried by the caller
            }
            throw new SerializationException("Schema id " + id + " cannot be resolved: " + e.getMessage(), e);
        }
        if (!own) {
            throw new SerializationException("schema id " + id + " is not a version of subject " + subject);
        }
    }

    /**
     * A tombstone (null value) keyed by a report_id withdraws that report, Kafka's convention for taking
     * a record back; it flows on as a null value under the report's identity. Without a valid key there
     * is nothing to withdraw, and the record is the CERT's fault.
     */
    private void withdraw(String member, Record<String, byte[]> record) {
        Optional<Rejection> badKey =
                ReportRules.checkReportId(record.key(), "key (a tombstone withdraws the report_id in its key)");
        if (badKey.isPresent()) {
            throw refuse(member, badKey.get(), false);
        }
        context.forward(new Record<String, IncidentReport>(
                member + "/" + record.key(), null, record.timestamp(), record.headers()));
    }
}
