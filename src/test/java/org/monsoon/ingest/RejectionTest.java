package org.monsoon.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class RejectionTest {

    /** What a log line may say: the field, never the value the reason quotes. */
    @Test
    void theFieldNeverQuotesAValue() {
        String[][] table = {
            {"indicators[1] (DOMAIN 'bad..red-secret.example'): not a valid domain name", "indicators[1]"},
            {"title: 301 chars, more than 300", "title"},
            {"value: Unknown magic byte 0x6e (expected 0x00)", "value"},
            {"reporter: 'SG' on topic monsoon.reports.my, which belongs to MY", "reporter"},
            {"key (a tombstone withdraws the report_id in its key): missing", "key"},
            {"'weird' reason", "record"},
        };
        for (String[] row : table) {
            Rejection rejection = Rejection.invalid(row[0]);
            assertEquals(row[1], rejection.field(), row[0]);
            assertFalse(new RejectedReportException("TH", rejection, true)
                    .getMessage()
                    .contains("secret"));
        }
    }
}
