package org.monsoon.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.common.utils.Utils;
import org.monsoon.bench.Benchmark;
import org.monsoon.config.MonsoonConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code monsoon bench}: end-to-end throughput and latency on a real broker, next to two baselines. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmark the pipeline on a real broker (embedded unless --bootstrap-servers is given).")
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    MonsoonCli parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--reports",
            defaultValue = "50000",
            description = "Reports in the main run (default: ${DEFAULT-VALUE})")
    int reports;

    @Option(
            names = "--distinct",
            defaultValue = "100k",
            description = "Distinct indicator values the main load draws from (default: ${DEFAULT-VALUE})")
    String distinct;

    @Option(
            names = "--mix",
            defaultValue = "campaigns",
            description = "Where the main load's indicators come from: campaigns (each report about one campaign,"
                    + " plus noise and a few values every campaign shares) or random (Zipf over all values; with"
                    + " campaigns it also runs as the stress phase) (default: ${DEFAULT-VALUE})")
    String mix;

    @Option(
            names = "--idle-reports",
            defaultValue = "300",
            description = "Reports of the idle-cost run, offered at 10/s (default: ${DEFAULT-VALUE}, half a minute)")
    int idleReports;

    @Option(names = "--json", description = "Also write the figures to FILE as one JSON object")
    Path json;

    @Option(
            names = "--rate",
            defaultValue = "2000",
            description = "Offered rate (reports/s) for the latency run (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--latency-reports",
            defaultValue = "40000",
            description = "Reports in the latency run (default: ${DEFAULT-VALUE})")
    int latencyReports;

    @Option(
            names = "--distinct-indicators",
            defaultValue = "100k,1M",
            split = ",",
            description =
                    "Scale series: distinct indicators in the window, e.g. 100k,1M,10M; 'none' to skip (default: ${DEFAULT-VALUE})")
    List<String> series;

    @Option(
            names = "--partitions",
            defaultValue = "3",
            description = "Partitions per topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(
            names = "--warm-up-rounds",
            defaultValue = "3",
            description = "At most this many discarded warm-up rounds, fewer once the JIT has settled"
                    + " (default: ${DEFAULT-VALUE})")
    int warmUpRounds;

    @Option(
            names = "--work-dir",
            description = "Where broker data and state go, kept afterwards (default: a temporary directory,"
                    + " deleted at the end: a 100,000-report run writes a few GB there)")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        MonsoonConfig config = connection.toConfig(parent.defaults());
        if (reports < 100
                || latencyReports < 1
                || rate <= 0
                || partitions < 1
                || warmUpRounds < 1
                || idleReports < 10) {
            throw new CliException("--reports must be at least 100, --idle-reports at least 10, --latency-reports,"
                    + " --rate, --partitions and --warm-up-rounds positive");
        }
        org.monsoon.bench.BenchLoad.Mix loadMix;
        try {
            loadMix = org.monsoon.bench.BenchLoad.Mix.valueOf(mix.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliException("--mix " + mix + ": must be campaigns or random");
        }
        List<Long> scale = new ArrayList<>();
        for (String size : series) {
            if (!size.equalsIgnoreCase("none")) {
                scale.add(count("--distinct-indicators", size));
            }
        }
        boolean external = spec.commandLine().getParseResult().hasMatchedOption("--bootstrap-servers");
        if (external && config.registryUserInfo() == null) {
            throw new CliException("the benchmark registers the schemas of its own topics: give the registry's write"
                    + " credential with --registry-credentials or MONSOON_REGISTRY_CREDENTIALS");
        }
        Path dir = workDir != null ? workDir : Files.createTempDirectory("monsoon-bench");
        // A directory of our own goes when the run ends, or is interrupted: each run leaves gigabytes.
        Thread cleanUp = new Thread(() -> deleteQuietly(dir), "monsoon-bench-clean-up");
        if (workDir == null) {
            Runtime.getRuntime().addShutdownHook(cleanUp);
        }
        try {
            return run(config, external, scale, dir, loadMix) ? 0 : 1;
        } finally {
            if (workDir == null) {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
                deleteQuietly(dir);
            }
        }
    }

    private boolean run(
            MonsoonConfig config, boolean external, List<Long> scale, Path dir, org.monsoon.bench.BenchLoad.Mix loadMix)
            throws Exception {
        return new Benchmark(
                        new Benchmark.Settings(
                                reports,
                                count("--distinct", distinct),
                                rate,
                                latencyReports,
                                scale,
                                partitions,
                                dir,
                                external ? config.bootstrapServers() : null,
                                external ? config.schemaRegistryUrl() : null,
                                external ? config.registryUserInfo() : null,
                                config.members(),
                                config.clientOverrides(),
                                json,
                                warmUpRounds,
                                loadMix,
                                idleReports),
                        spec.commandLine().getOut())
                .run();
    }

    private void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException | RuntimeException e) {
            spec.commandLine()
                    .getErr()
                    .println("could not delete the benchmark's data in " + dir + ": " + e.getMessage());
        }
    }

    /** {@code 100k}, {@code 1M}, {@code 2500}. */
    static long count(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long factor = t.endsWith("k") ? 1_000 : t.endsWith("m") ? 1_000_000 : 1;
        try {
            long value = Long.parseLong(factor == 1 ? t : t.substring(0, t.length() - 1)) * factor;
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new CliException(option + " " + text + ": not a count like 100k or 1M");
        }
    }
}
