package org.monsoon.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.registry.SchemaRegistryClient;

/**
 * {@code monsoon bench}: runs a realistic load through the real pipeline on a real broker, with two
 * baselines on the same broker and machine (Kafka's producer, and a passthrough Streams application
 * with the same serde and exactly-once), the report-to-advisory latency at an offered rate, and a
 * series showing how cost grows with the number of distinct indicators in the window. Prints figures;
 * asserts nothing about time.
 */
public final class Benchmark {
    /** What to run. */
    public record Settings(int reports, long distinct, double rate, int latencyReports, List<Long> scaleSeries,
                           int partitions, Path workDir, String bootstrap, String registryUrl, List<String> members,
                           java.util.Map<String, String> clientOverrides) {
    }

    private final Settings settings;
    private final PrintWriter out;

    public Benchmark(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** Runs everything; returns true when the accounting of every pipeline run adds up. */
    public boolean run() throws Exception {
        Runtime rt = Runtime.getRuntime();
        try (BenchCluster cluster = settings.bootstrap() == null ? BenchCluster.embedded(settings.workDir().resolve("broker"))
                : BenchCluster.external(settings.bootstrap(), settings.registryUrl())) {
            out.printf("Monsoon benchmark: %d reports from %d members, 3-5 indicators each (Zipf s=1.1 over %,d values),"
                    + " 10%% redeliveries, 1%% invalid, 2%% RED/AMBER_STRICT%n", settings.reports(), settings.members().size(),
                    settings.distinct());
            out.printf("machine: %d cores, Java %s, max heap %d MiB; broker: %s; %d partitions per topic%n",
                    rt.availableProcessors(), System.getProperty("java.version"), rt.maxMemory() >> 20,
                    settings.bootstrap() == null ? "embedded Kafka 4.4 in a child JVM" : cluster.bootstrapServers,
                    settings.partitions());
            MonsoonConfig main = config(cluster, "main");
            Topics topics = topics(main);
            List<BenchLoad.Item> items = new BenchLoad(settings.members(), settings.distinct(), 0, 42, Instant.now())
                    .generate(settings.reports());
            new org.monsoon.config.TopicProvisioner(main, topics).createMissingTopics();
            BenchPhases.Loaded load = BenchPhases.preload(main, topics, items);
            out.printf("producer baseline   : %,d records in %.2f s = %,.0f records/s (%.1f MB/s)%n", load.produced(),
                    load.seconds(), load.produced() / load.seconds(), load.bytes() / load.seconds() / 1e6);
            double passthrough = BenchPhases.passthrough(main, topics, load);
            out.printf("passthrough (EOS)   : %,d records in %.2f s = %,.0f records/s%n", load.decodable(), passthrough,
                    load.decodable() / passthrough);
            BenchPhases.PipelineRun run = BenchPhases.pipeline(main, topics, load);
            double reportsPerSecond = load.produced() / run.seconds();
            out.printf("pipeline (EOS)      : %,d reports in %.2f s = %,.0f reports/s, %,.0f indicator sightings/s; "
                    + "peak heap %d MiB; state %d MiB; %,d advisory updates%n", load.produced(), run.seconds(),
                    reportsPerSecond, load.shareableSightings() / run.seconds(), run.peakHeapBytes() >> 20,
                    run.stateBytes() >> 20, run.advisoryUpdates());
            out.printf("ratios              : pipeline/passthrough = %.2f, pipeline/producer = %.2f%n",
                    reportsPerSecond / (load.decodable() / passthrough), reportsPerSecond / (load.produced() / load.seconds()));
            boolean balanced = accounting(load, run);

            MonsoonConfig latencyConfig = config(cluster, "latency");
            List<BenchLoad.Item> paced = new BenchLoad(settings.members(), settings.distinct(), 0, 7, Instant.now())
                    .generate(settings.latencyReports());
            long[] latency = BenchPhases.latency(latencyConfig, topics(latencyConfig), paced, settings.rate());
            out.printf("latency @ %.0f/s    : report-to-advisory p50 <= %d ms, p95 <= %d ms, p99 <= %d ms "
                    + "(%d reports reached an advisory; histogram bucket bounds)%n", settings.rate(), latency[0],
                    latency[1], latency[2], latency[3]);

            if (!settings.scaleSeries().isEmpty()) {
                out.println("scale series        : distinct indicators in the window -> throughput, peak heap, state");
                for (long size : settings.scaleSeries()) {
                    MonsoonConfig scale = config(cluster, "scale-" + size);
                    Topics scaleTopics = topics(scale);
                    int count = (int) Math.max(1_000, size / 3);
                    List<BenchLoad.Item> wide = new BenchLoad(settings.members(), size, 0.8, size, Instant.now()).generate(count);
                    new org.monsoon.config.TopicProvisioner(scale, scaleTopics).createMissingTopics();
                    BenchPhases.Loaded scaleLoad = BenchPhases.preload(scale, scaleTopics, wide);
                    BenchPhases.PipelineRun scaleRun = BenchPhases.pipeline(scale, scaleTopics, scaleLoad);
                    out.printf("  %,12d distinct: %,9d reports in %7.2f s = %,7.0f reports/s; peak heap %5d MiB; state %5d MiB%n",
                            size, count, scaleRun.seconds(), count / scaleRun.seconds(), scaleRun.peakHeapBytes() >> 20,
                            scaleRun.stateBytes() >> 20);
                    balanced &= accounting(scaleLoad, scaleRun);
                }
            }
            out.flush();
            return balanced;
        }
    }

    private boolean accounting(BenchPhases.Loaded load, BenchPhases.PipelineRun run) {
        long sum = run.accepted() + (long) run.duplicates() + run.deadLettered();
        boolean ok = sum == load.produced() && run.deadLettered() == load.undecodable() + load.invalid()
                && (long) run.duplicates() == load.redeliveries();
        out.printf("accounting          : produced %,d = accepted %,d + duplicates %,.0f + dead-lettered %,d -> %s%n",
                load.produced(), run.accepted(), run.duplicates(), run.deadLettered(), ok ? "OK" : "MISMATCH");
        return ok;
    }

    private MonsoonConfig config(BenchCluster cluster, String run) {
        return MonsoonConfig.defaults().withBootstrapServers(cluster.bootstrapServers)
                .withSchemaRegistryUrl(cluster.registryUrl).withMembers(settings.members())
                .withTopicPrefix("bench-" + run + "-" + Long.toHexString(System.nanoTime()) + ".")
                .withApplicationId("bench-" + run + "-" + Long.toHexString(System.nanoTime()))
                .withDataDir(settings.workDir().resolve(run)).withTopicLayout(settings.partitions(), (short) 1)
                .withClientOverrides(settings.clientOverrides());
    }

    private static Topics topics(MonsoonConfig config) {
        return new Topics(config, new SchemaRegistryClient(config.schemaRegistryUrl(), null));
    }
}
