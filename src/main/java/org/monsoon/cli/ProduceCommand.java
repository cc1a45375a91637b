package org.monsoon.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.monsoon.config.MonsoonConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code monsoon produce}: sends a CERT's reports from JSON Lines to its own topic. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Validate JSON Lines incident reports and produce them (Avro) to monsoon.reports.<cc>.")
final class ProduceCommand implements Callable<Integer> {
    /** Input formats; STIX bundles come with the analyst-interfaces work. */
    enum Format { jsonl }

    @ParentCommand
    MonsoonCli parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--reporter", required = true, paramLabel = "CC", description = "Your member code, e.g. SG")
    String reporter;

    @Option(names = "--file", paramLabel = "FILE|-", defaultValue = "-", description = "Input file, - for stdin")
    String file;

    @Option(names = "--format", defaultValue = "jsonl", description = "Input format: ${COMPLETION-CANDIDATES}")
    Format format;

    @Override
    public Integer call() throws IOException {
        MonsoonConfig config = connection.toConfig(parent.defaults());
        String member = reporter.toUpperCase(Locale.ROOT);
        if (!config.members().contains(member)) {
            throw new CliException("--reporter " + reporter + ": not a member (members: "
                    + String.join(" ", config.members()) + ")");
        }
        java.io.PrintWriter err = spec.commandLine().getErr();
        try (BufferedReader in = open(); ReportProducer producer = new ReportProducer(config, member)) {
            ReportProducer.Result result = producer.produceLines(in, Instant::now,
                    error -> err.println("monsoon: " + error));
            err.printf("monsoon: sent %d report(s) to %s; %d line(s) rejected%n",
                    result.sent(), producer.topic(), result.failed());
            return result.failed() == 0 ? 0 : 1;
        }
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
