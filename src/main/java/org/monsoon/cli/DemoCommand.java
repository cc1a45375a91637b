package org.monsoon.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.monsoon.MonsoonApplication;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.embedded.EmbeddedPlatform;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.IncidentReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code monsoon demo}: everything embedded (broker, registry, pipeline, HTTP) and synthetic CERT feeds
 * from every member at a gentle rate, with a line every few seconds saying what the pipeline did. A
 * scripted {@link DemoTour} shows every path (duplicate, dead letters, RED, merge, expiry) within the
 * first minute; the correlation window is 30 seconds unless chosen.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Start everything embedded and feed it synthetic reports from every member.")
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    MonsoonCli parent;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    RuntimeOptions runtime;

    @Option(
            names = "--rate",
            defaultValue = "2",
            description = "Reports per second, all members together (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "0", description = "Stop after this many seconds (0: until Ctrl-C)")
    long duration;

    /** The demo's correlation window unless --window (or its variable or file key) says otherwise. */
    static final Duration DEMO_WINDOW = Duration.ofSeconds(30);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final CountDownLatch closed = new CountDownLatch(1);

    private boolean windowChosen() {
        picocli.CommandLine.Model.OptionSpec window = spec.findOption("--window");
        return spec.commandLine().getParseResult().hasMatchedOption("--window")
                || parent.defaults().configured(window) != null;
    }

    @Override
    public Integer call() throws Exception {
        try {
            return demo();
        } finally {
            closed.countDown();
        }
    }

    private Integer demo() throws Exception {
        if (rate <= 0 || rate > 10_000) {
            throw new CliException("--rate " + rate + ": must be above 0 and at most 10000");
        }
        MonsoonConfig config = runtime.apply(connection.toConfig(parent.defaults()));
        if (!windowChosen()) {
            // A short window lets the demo show an advisory expiring within its first minute.
            config = config.withCorrelation(DEMO_WINDOW, config.minCountries());
        }
        System.out.println("Starting embedded Kafka and schema registry under "
                + config.dataDir().toAbsolutePath());
        try (EmbeddedPlatform platform =
                EmbeddedPlatform.start(config.dataDir(), "127.0.0.1", runtime.kafkaPort, runtime.registryPort)) {
            MonsoonConfig live = config.withBootstrapServers(platform.bootstrapServers())
                    .withSchemaRegistryUrl(platform.schemaRegistryUrl())
                    .withRegistryCredentials(platform.registryUserInfo());
            RunCommand.announceCredential(platform);
            try (MonsoonApplication app = MonsoonApplication.start(
                    RuntimeOptions.withStableInstanceId(live),
                    true,
                    java.util.Optional.ofNullable(runtime.assumeStateFormat))) {
                System.out.println("Kafka:           " + live.bootstrapServers());
                System.out.println("Schema registry: " + live.schemaRegistryUrl());
                System.out.println("HTTP:            " + app.httpUrl());
                System.out.println("Producing synthetic reports from " + String.join(" ", live.members())
                        + " at " + rate + "/s, correlation window "
                        + live.correlationWindow().toSeconds()
                        + " s; Ctrl-C to stop. Dashboard: " + app.httpUrl() + "/");
                try (AdvisoryTail tail = new AdvisoryTail(live, System.out)) {
                    feed(live, app.metrics());
                }
            }
        }
        System.out.println("Monsoon demo stopped.");
        return 0;
    }

    private void feed(MonsoonConfig config, PipelineMetrics metrics) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        // On Ctrl-C the JVM halts once its hooks return: this hook waits until call() has closed the
        // pipeline, the registry and the broker, so they shut down cleanly.
        Thread hook = new Thread(
                () -> {
                    stop.countDown();
                    try {
                        closed.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "monsoon-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        SyntheticFeed feed = new SyntheticFeed(
                config.members(), System.nanoTime(), config.correlationWindow().dividedBy(3));
        Map<String, ReportProducer> producers = new HashMap<>();
        DemoTour tour =
                new DemoTour(config, m -> producers.computeIfAbsent(m, k -> new ReportProducer(config, k)), System.out);
        long started = System.nanoTime();
        long intervalNanos = (long) (1_000_000_000L / rate);
        long deadline = duration > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(duration) : Long.MAX_VALUE;
        long nextStatus = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long sent = 0;
        try {
            while (System.nanoTime() < deadline && !stop.await(intervalNanos, TimeUnit.NANOSECONDS)) {
                tour.advance(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                IncidentReport report = feed.next(Instant.now());
                producers
                        .computeIfAbsent(report.getReporter(), m -> new ReportProducer(config, m))
                        .send(report);
                sent++;
                if (System.nanoTime() > nextStatus) {
                    System.out.printf(
                            "reports sent %d | received %.0f, duplicates %.0f, dead-lettered %.0f, "
                                    + "restricted %.0f | correlations %.0f, advisory versions %.0f, merged %.0f, expired %.0f%n",
                            sent,
                            total(metrics, "monsoon.reports.received"),
                            total(metrics, "monsoon.reports.duplicate"),
                            total(metrics, "monsoon.reports.rejected")
                                    + total(metrics, "monsoon.reports.restricted.rejected"),
                            total(metrics, "monsoon.reports.restricted"),
                            total(metrics, "monsoon.correlations"),
                            total(metrics, "monsoon.advisories.emitted"),
                            emitted(metrics, org.monsoon.schema.AdvisoryStatus.MERGED.name()),
                            emitted(metrics, org.monsoon.schema.AdvisoryStatus.EXPIRED.name()));
                    nextStatus = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                }
            }
        } finally {
            tour.close();
            producers.values().forEach(ReportProducer::close);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is what stopped us
            }
        }
    }

    private static double emitted(PipelineMetrics metrics, String status) {
        return metrics.registry().find("monsoon.advisories.emitted").tag("status", status).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private static double total(PipelineMetrics metrics, String name) {
        return metrics.registry().find(name).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }
}
