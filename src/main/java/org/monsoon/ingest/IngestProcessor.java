package org.monsoon.ingest;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.IncidentReport;

/**
 * Stage 1: checks a decoded report against the contract and canonicalises it. The reporter is the
 * topic's member: a payload that claims another country is refused, so a CERT speaks only for its
 * own. Output key: {@code <reporter>/<report_id>}, the identity deduplication works on.
 */
public final class IngestProcessor implements Processor<String, IncidentReport, String, IncidentReport> {
    private final Function<String, Optional<String>> memberOfTopic;
    private final Supplier<Instant> clock;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, IncidentReport> context;

    public IngestProcessor(Function<String, Optional<String>> memberOfTopic, Supplier<Instant> clock,
                           PipelineMetrics metrics) {
        this.memberOfTopic = memberOfTopic;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, IncidentReport> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, IncidentReport> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        String member = memberOfTopic.apply(topic)
                .orElseThrow(() -> new IllegalStateException("record from unexpected topic " + topic));
        metrics.received(member);
        IncidentReport report = record.value();
        if (report == null) {
            throw new RejectedReportException(member, Rejection.invalid("value: empty record (null value)"));
        }
        if (!member.equals(report.getReporter())) {
            throw new RejectedReportException(member, new Rejection(Rejection.Code.REPORTER_MISMATCH,
                    "reporter: '" + ReportRules.clip(report.getReporter()) + "' on topic " + topic
                            + ", which belongs to " + member));
        }
        Optional<Rejection> broken = ReportRules.check(report, clock.get());
        if (broken.isPresent()) {
            throw new RejectedReportException(member, broken.get());
        }
        IncidentReport canonical;
        try {
            canonical = IncidentReport.newBuilder(report)
                    .setIndicators(Canonicaliser.canonicalise(report.getIndicators()))
                    .build();
        } catch (CanonicalisationException e) {
            throw new RejectedReportException(member, Rejection.invalid(e.getMessage()));
        }
        context.forward(record.withKey(member + "/" + report.getReportId()).withValue(canonical));
    }
}
