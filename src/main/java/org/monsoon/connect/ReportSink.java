package org.monsoon.connect;

import org.monsoon.ingest.Admission;
import org.monsoon.schema.IncidentReport;

/** Where a connector sends a member's reports: the member's own topic, each send acknowledged. */
public interface ReportSink {
    /**
     * Sends a report, as {@code monsoon produce} does.
     *
     * @return what the pipeline will make of it
     * @throws Exception with the reason when the pipeline would refuse it, or it was not delivered
     */
    Admission send(IncidentReport report) throws Exception;

    /** Withdraws a report (a tombstone under its id). */
    void withdraw(String reportId) throws Exception;
}
