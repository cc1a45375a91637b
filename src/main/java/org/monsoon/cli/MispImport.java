package org.monsoon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.ingest.Admission;
import org.monsoon.ingest.ReportJson;
import org.monsoon.misp.MispFeed;
import org.monsoon.misp.MispImporter;

/**
 * {@code monsoon produce --format misp}: every event of a file, a directory or a MISP feed becomes one
 * report, validated before it is sent. One line per event says what was sent and what was skipped; an
 * event that cannot be imported is named and the others still go; an indicator the pipeline will leave
 * out is named with its reason. Exit 1 if any event failed, 3 if all were sent but some indicators will
 * be left out.
 */
final class MispImport {
    private final MispImporter.Options options;
    private final PrintWriter err;

    MispImport(MispImporter.Options options, PrintWriter err) {
        this.options = options;
        this.err = err;
    }

    int produce(MonsoonConfig config, String member, String file, Runnable preflight) throws IOException {
        List<Path> documents;
        try {
            documents = file.equals("-") ? List.of() : MispFeed.documents(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new CliException("--file " + file + ": no such file");
        } catch (IOException e) {
            throw new CliException("--file " + e.getMessage(), 1);
        }
        preflight.run();
        int sent = 0;
        int failed = 0;
        int partial = 0;
        int tooOld = 0;
        try (ReportProducer producer = new ReportProducer(config, member)) {
            if (file.equals("-")) {
                int[] counts = produceDocument(
                        "stdin", System.in.readNBytes(MispImporter.MAX_EVENT_BYTES + 1), member, producer);
                sent += counts[0];
                failed += counts[1];
                partial += counts[2];
                tooOld += counts[3];
            }
            for (Path document : documents) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(document);
                } catch (IOException e) {
                    err.printf(
                            "monsoon: %s: cannot read (%s)%n",
                            document, e.getClass().getSimpleName());
                    failed++;
                    continue;
                }
                int[] counts = produceDocument(document.toString(), bytes, member, producer);
                sent += counts[0];
                failed += counts[1];
                partial += counts[2];
                tooOld += counts[3];
            }
            err.printf(
                    "monsoon: sent %d report(s) from MISP events to %s; %d event(s) failed; %d report(s) sent"
                            + " without some indicators%n",
                    sent, producer.topic(), failed, partial);
            ProduceCommand.tooOld(err, tooOld, producer);
        }
        return failed > 0 ? 1 : partial > 0 ? ReportProducer.EXIT_LEFT_OUT : 0;
    }

    /** Sent and failed counts of one document's events. */
    private int[] produceDocument(String source, byte[] bytes, String member, ReportProducer producer) {
        List<JsonNode> events;
        try {
            events = MispImporter.events(bytes);
        } catch (IOException e) {
            err.printf("monsoon: %s: %s%n", source, e.getMessage());
            return new int[] {0, 1, 0, 0};
        }
        int sent = 0;
        int failed = 0;
        int partial = 0;
        int tooOld = 0;
        for (JsonNode event : events) {
            Instant now = Instant.now();
            try {
                MispImporter.Imported imported = MispImporter.read(event, member, options, now);
                imported.skipped()
                        .forEach(reason ->
                                err.println("monsoon: " + source + ": skipped " + TerminalText.plain(reason)));
                imported.redBecause()
                        .ifPresent(reason -> err.println("monsoon: " + source + ": labelled TLP:RED, failing closed: "
                                + TerminalText.plain(reason)));
                // Values with no canonical form are left out here, with the pipeline's own rules, and
                // named; whatever else the pipeline would leave out is named the same way.
                imported.leftOut()
                        .forEach(reason -> err.println("monsoon: " + source + ": report "
                                + imported.report().getReportId() + ": left out " + TerminalText.plain(reason)));
                boolean leftOut = !imported.leftOut().isEmpty();
                List<org.monsoon.schema.IncidentReport> parts = imported.parts();
                for (org.monsoon.schema.IncidentReport part : parts) {
                    tooOld += producer.tooOld(part, now) ? 1 : 0;
                    Admission admission = producer.produceValidated(part, now);
                    if (admission.partial().isPresent()) {
                        err.println("monsoon: " + source + ": "
                                + TerminalText.plain(ReportProducer.leftOut(part, admission)));
                        leftOut = true;
                    }
                    err.printf(
                            "monsoon: %s: sent report %s with %d indicator(s) (TLP:%s, %s)%n",
                            source, part.getReportId(), part.getIndicators().size(), part.getTlp(), part.getSeverity());
                }
                if (parts.size() > 1) {
                    err.printf(
                            "monsoon: %s: event %s split into %d reports (%s.1 to .%d): more than %d indicators;"
                                    + " if it had more parts before, withdraw the rest (--withdraw %s.%d ...)%n",
                            source,
                            imported.report().getReportId(),
                            parts.size(),
                            imported.report().getReportId(),
                            parts.size(),
                            org.monsoon.ingest.ReportRules.MAX_INDICATORS,
                            imported.report().getReportId(),
                            parts.size() + 1);
                }
                if (leftOut) {
                    partial++;
                }
                sent++;
            } catch (IOException | ReportJson.JsonReportException e) {
                err.printf("monsoon: %s: event rejected: %s%n", source, TerminalText.plain(e.getMessage()));
                failed++;
            }
        }
        return new int[] {sent, failed, partial, tooOld};
    }
}
