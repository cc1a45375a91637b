package org.monsoon.correlate;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.Tlp;

/**
 * Stage 3 (sightings): one record per canonical indicator of a shareable report, keyed by indicator so
 * that every sighting of an indicator meets in one task. RED and AMBER_STRICT reports are counted and
 * stop here: nothing of them reaches any later stage, so nothing can leak into an advisory.
 */
public final class SightingsProcessor implements Processor<String, IncidentReport, String, Sighting> {
    private final PipelineMetrics metrics;
    private ProcessorContext<String, Sighting> context;

    public SightingsProcessor(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Sighting> context) {
        this.context = context;
    }

    /** Whether a report may be used in advisories (TLP CLEAR, GREEN or AMBER). */
    public static boolean shareable(Tlp tlp) {
        return tlp == Tlp.CLEAR || tlp == Tlp.GREEN || tlp == Tlp.AMBER;
    }

    @Override
    public void process(Record<String, IncidentReport> record) {
        IncidentReport report = record.value();
        if (!shareable(report.getTlp())) {
            metrics.restricted(report.getTlp().name());
            return;
        }
        ReportRef ref = ReportRef.of(report);
        for (String indicator : ref.indicators()) {
            context.forward(new Record<>(indicator, new Sighting(indicator, ref), record.timestamp()));
        }
    }
}
