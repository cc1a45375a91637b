package org.monsoon.connect;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.monsoon.ingest.Admission;
import org.monsoon.schema.IncidentReport;

/**
 * Sends the reports one source item became (an event's parts, an object's report), saying what the
 * pipeline will leave out of each and counting the reports observed before the correlation window.
 */
final class PartSender {
    /** What sending one item's reports found. */
    record Sent(boolean leftOut, int tooOld) {}

    private final ReportSink sink;
    private final Duration window;
    private final Consumer<String> log;

    PartSender(ReportSink sink, Duration window, Consumer<String> log) {
        this.sink = sink;
        this.window = window;
        this.log = log;
    }

    /** Sends every report, in order; the first that fails stops the item (it is tried again later). */
    Sent send(List<IncidentReport> reports, Instant now) throws Exception {
        boolean leftOut = false;
        int tooOld = 0;
        for (IncidentReport report : reports) {
            Admission admission = sink.send(report);
            if (admission.partial().isPresent()) {
                log.accept("report " + report.getReportId() + ": "
                        + admission.partial().get());
                leftOut = true;
            }
            tooOld += report.getObservedAt().isBefore(now.minus(window)) ? 1 : 0;
        }
        return new Sent(leftOut, tooOld);
    }
}
