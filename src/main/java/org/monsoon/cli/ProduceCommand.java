package org.monsoon.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.monsoon.config.MonsoonConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code monsoon produce}: sends a CERT's reports from JSON Lines to its own topic. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = "Validate JSON Lines incident reports and produce them (Avro) to monsoon.reports.<cc>.")
final class ProduceCommand implements Callable<Integer> {
    /** Input formats: JSON Lines in the contract's form, one STIX 2.1 bundle, or MISP events. */
    enum Format {
        jsonl,
        stix,
        misp
    }

    @ParentCommand
    MonsoonCli parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ImportOptions imports;

    @Option(names = "--reporter", required = true, paramLabel = "CC", description = "Your member code, e.g. SG")
    String reporter;

    @Option(
            names = "--file",
            paramLabel = "FILE|DIR|-",
            defaultValue = "-",
            description =
                    "Input file, - for stdin; with --format misp also a directory of events or a feed's manifest.json")
    String file;

    @Option(names = "--format", defaultValue = "jsonl", description = "Input format: ${COMPLETION-CANDIDATES}")
    Format format;

    @Option(
            names = "--withdraw",
            paramLabel = "REPORT_ID",
            description = "Withdraw one of your reports (a tombstone keyed by its report_id) instead of sending any")
    String withdraw;

    @Override
    public Integer call() throws IOException {
        MonsoonConfig config = connection.toConfig(parent.defaults());
        String member = reporter.toUpperCase(Locale.ROOT);
        if (!config.members().contains(member)) {
            throw new CliException(
                    "--reporter " + reporter + ": not a member (members: " + String.join(" ", config.members()) + ")");
        }
        java.io.PrintWriter err = spec.commandLine().getErr();
        if (withdraw != null && spec.commandLine().getParseResult().hasMatchedOption("--file")) {
            throw new CliException(
                    "--withdraw takes no --file: a withdrawal names one report_id, and sends nothing" + " else");
        }
        if (withdraw != null) {
            var badId = org.monsoon.ingest.ReportRules.checkReportId(withdraw, "--withdraw");
            if (badId.isPresent()) {
                throw new CliException(badId.get().reason());
            }
            preflight(config, member);
            try (ReportProducer producer = new ReportProducer(config, member)) {
                producer.withdraw(withdraw);
                err.printf(
                        "monsoon: sent the withdrawal of report %s to %s (the pipeline dead-letters it as"
                                + " UNKNOWN_REPORT if no such report of %s is known: 'monsoon dlq list')%n",
                        withdraw, producer.topic(), member);
                return 0;
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CliException(e.getMessage(), 1);
            }
        }
        if (format == Format.stix) {
            return produceStix(config, member, err);
        }
        if (format == Format.misp) {
            return new MispImport(imports.misp(), err).produce(config, member, file, () -> preflight(config, member));
        }
        try (BufferedReader in = open()) {
            preflight(config, member);
            try (ReportProducer producer = new ReportProducer(config, member)) {
                ReportProducer.Result result =
                        producer.produceLines(in, Instant::now, error -> err.println("monsoon: " + error));
                err.printf(
                        "monsoon: sent %d report(s) to %s; %d line(s) rejected; %d report(s) sent without some"
                                + " indicators%n",
                        result.sent(), producer.topic(), result.failed(), result.partial());
                tooOld(err, result.tooOld(), producer);
                return result.failed() > 0 ? 1 : result.partial() > 0 ? ReportProducer.EXIT_LEFT_OUT : 0;
            }
        }
    }

    private int produceStix(MonsoonConfig config, String member, java.io.PrintWriter err) throws IOException {
        org.monsoon.stix.StixImporter.Imported imported;
        try (java.io.InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
            imported = org.monsoon.stix.StixImporter.read(
                    in, member, imports.severity, imports.category, imports.type, Instant.now());
        } catch (NoSuchFileException e) {
            throw new CliException("--file " + file + ": no such file");
        } catch (IOException e) {
            throw new CliException("--file " + file + ": " + e.getMessage(), 1);
        }
        imported.skipped().forEach(reason -> err.println("monsoon: skipped " + reason));
        imported.redBecause().ifPresent(reason -> err.println("monsoon: labelled TLP:RED, failing closed: " + reason));
        preflight(config, member);
        try (ReportProducer producer = new ReportProducer(config, member)) {
            int leftOut = 0;
            int old = 0;
            List<org.monsoon.schema.IncidentReport> parts = imported.parts();
            for (org.monsoon.schema.IncidentReport part : parts) {
                old += producer.tooOld(part, Instant.now()) ? 1 : 0;
                org.monsoon.ingest.Admission admission = producer.produceValidated(part, Instant.now());
                admission
                        .partial()
                        .ifPresent(p ->
                                err.println("monsoon: " + TerminalText.plain(ReportProducer.leftOut(part, admission))));
                leftOut += admission.leftOut().size();
                err.printf(
                        "monsoon: sent report %s with %d indicator(s) (TLP:%s) to %s%n",
                        part.getReportId(), part.getIndicators().size(), part.getTlp(), producer.topic());
            }
            err.printf(
                    "monsoon: sent %d report(s) from the bundle%s; %d object(s) skipped; %d indicator(s) will be"
                            + " left out%n",
                    parts.size(),
                    parts.size() > 1
                            ? " (more than " + org.monsoon.ingest.ReportRules.MAX_INDICATORS + " indicators: split"
                                    + " into " + imported.report().getReportId() + ".1 to ." + parts.size() + ")"
                            : "",
                    imported.skipped().size(),
                    leftOut);
            tooOld(err, old, producer);
            return leftOut == 0 ? 0 : ReportProducer.EXIT_LEFT_OUT;
        } catch (org.monsoon.ingest.ReportJson.JsonReportException e) {
            throw new CliException("bundle rejected: " + e.getMessage(), 1);
        }
    }

    /** Says how many reports sent were too old to correlate, and what to do about it. */
    static void tooOld(java.io.PrintWriter err, int count, ReportProducer producer) {
        if (count > 0) {
            err.printf(
                    "monsoon: %d report(s) observed before the correlation window (%s): accepted, but too old to"
                            + " correlate with what the region reports now; to correlate history, replay it with a"
                            + " longer --window (README: correlating history)%n",
                    count, producer.window());
        }
    }

    /** Kafka, the registry and the member's topic are there; else one line and exit 1. */
    private static void preflight(MonsoonConfig config, String member) {
        Preflight.check(
                config,
                java.util.List.of(
                        org.monsoon.config.Topics.of(config).reports(member).name()));
    }

    private BufferedReader open() throws IOException {
        if (file.equals("-")) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        try {
            return Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException("--file " + file + ": no such file");
        }
    }
}
