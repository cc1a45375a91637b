package org.monsoon.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;

/**
 * {@code monsoon bench}: runs a realistic load through the real pipeline on a real broker, next to
 * three baselines on the same broker and machine (Kafka's producer; exactly-once passthrough Streams
 * applications with byte arrays and with the pipeline's serde), then the report-to-advisory latency at
 * an offered rate, and a series showing how cost grows with the number of distinct indicators.
 *
 * <p>Every figure is steady state: a warm-up pipeline runs first and is discarded, the baselines and
 * the pipeline run in a random order (the seed is printed), and each rate is read over the window
 * between 10% and 90% of its outputs. CPU per report counts this JVM and the embedded broker (from
 * /proc); write amplification is the bytes the run wrote to every topic, changelogs and repartitions
 * included, over the bytes of its input. Prints figures, and with {@code --json} writes them; asserts
 * nothing about time.
 */
public final class Benchmark {
    /** What to run. */
    public record Settings(
            int reports,
            long distinct,
            double rate,
            int latencyReports,
            List<Long> scaleSeries,
            int partitions,
            Path workDir,
            String bootstrap,
            String registryUrl,
            String registryUserInfo,
            List<String> members,
            java.util.Map<String, String> clientOverrides,
            Path json,
            int warmUpRounds,
            BenchLoad.Mix mix,
            int idleReports) {}

    /** Offered rate of the idle-cost run: about what a quiet region sends. */
    static final double IDLE_RATE = 10;

    private final Settings settings;
    private final PrintWriter out;
    private final ObjectNode figures = new ObjectMapper().createObjectNode();

    public Benchmark(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** Runs everything; returns true when the accounting of every pipeline run adds up. */
    public boolean run() throws Exception {
        Runtime rt = Runtime.getRuntime();
        try (BenchCluster cluster = settings.bootstrap() == null
                ? BenchCluster.embedded(settings.workDir().resolve("broker"))
                : BenchCluster.external(settings.bootstrap(), settings.registryUrl(), settings.registryUserInfo())) {
            out.printf(
                    "Monsoon benchmark: %d reports from %d members, 3-5 indicators each, %s,"
                            + " 10%% redeliveries, 1%% invalid, 2%% RED/AMBER_STRICT%n",
                    settings.reports(), settings.members().size(), describe(settings.mix()));
            out.printf(
                    "machine: %d cores, Java %s, max heap %d MiB; broker: %s; %d partitions per topic%n",
                    rt.availableProcessors(),
                    System.getProperty("java.version"),
                    rt.maxMemory() >> 20,
                    settings.bootstrap() == null ? "embedded Kafka 4.4 in a child JVM" : cluster.bootstrapServers,
                    settings.partitions());
            figures.put("reports", settings.reports())
                    .put("mix", settings.mix().name().toLowerCase(java.util.Locale.ROOT))
                    .put("cores", rt.availableProcessors())
                    .put("max_heap_mib", rt.maxMemory() >> 20)
                    .put("partitions", settings.partitions());

            warmUp(cluster);
            MonsoonConfig main = config(cluster, "main");
            Topics topics = topics(main);
            List<BenchLoad.Item> items = load(42).generate(settings.reports());
            new org.monsoon.config.TopicProvisioner(main, topics).createMissingTopics();
            BenchPhases.Loaded load = BenchPhases.preload(main, topics, items);
            out.printf(
                    "producer baseline   : %,.0f records/s (one producer, pre-encoded, after a warm-up fifth)%n",
                    load.producerRecordsPerSecond());
            figures.put("producer_records_per_s", round(load.producerRecordsPerSecond()));

            long seed = System.nanoTime();
            List<String> order = new ArrayList<>(List.of("passthrough-bytes", "passthrough-serde", "pipeline"));
            Collections.shuffle(order, new Random(seed));
            out.printf("order               : %s (seed %d)%n", String.join(", ", order), seed);
            boolean balanced = true;
            double passBytes = 0;
            double passSerde = 0;
            BenchPhases.PipelineRun run = null;
            for (String phase : order) {
                switch (phase) {
                    case "passthrough-bytes" -> passBytes = BenchPhases.passthrough(main, topics, load, true);
                    case "passthrough-serde" -> passSerde = BenchPhases.passthrough(main, topics, load, false);
                    default -> run = BenchPhases.pipeline(main, topics, load, cluster.brokerPid());
                }
            }
            out.printf(
                    "passthrough (EOS)   : byte arrays %,.0f records/s; same serde as the pipeline %,.0f records/s%n",
                    passBytes, passSerde);
            figures.put("passthrough_bytes_records_per_s", round(passBytes))
                    .put("passthrough_serde_records_per_s", round(passSerde));
            balanced &= printPipeline(load, run, figures);
            if (settings.mix() == BenchLoad.Mix.CAMPAIGNS) {
                balanced &= stress(cluster);
            }

            MonsoonConfig latencyConfig = config(cluster, "latency");
            List<BenchLoad.Item> paced = load(7).generate(settings.latencyReports());
            BenchPhases.Latency latency = BenchPhases.latency(
                    latencyConfig, topics(latencyConfig), paced, settings.rate(), cluster.brokerPid());
            out.printf(
                    "latency @ %.0f/s     : report-to-advisory p50 %d ms, p95 %d ms, p99 %d ms "
                            + "(%,d reports after the first quarter reached an advisory; exact, nearest rank)%n",
                    settings.rate(), latency.p50(), latency.p95(), latency.p99(), latency.reports());
            if (latency.fromCorrelation() != null) {
                BenchPhases.Quantiles c = latency.fromCorrelation();
                out.printf(
                        "  from correlation  : p50 %d ms, p95 %d ms, p99 %d ms (from the report that let each report"
                                + " into its campaign: what did not wait for another member to report the indicator)%n",
                        c.p50(), c.p95(), c.p99());
                figures.put("latency_from_correlation_p50_ms", c.p50())
                        .put("latency_from_correlation_p95_ms", c.p95())
                        .put("latency_from_correlation_p99_ms", c.p99());
            }
            if (latency.threadTime() != null) {
                out.printf("  stream thread     : %s%n", latency.threadTime().describe());
            }
            out.printf("  JIT               : compiling %.1f s of the measured part%n", latency.jitSeconds());
            if (latency.cpu() != null) {
                out.printf("  CPU               : %s%n", latency.cpu().describe());
                figures.put("latency_pipeline_cores", round3(latency.cpu().pipelineCores()))
                        .put("latency_broker_cores", round3(latency.cpu().brokerCores()))
                        .put("latency_cpu_ms_per_report", round3(latency.cpu().msPerReport()));
            }
            figures.put("latency_rate", settings.rate())
                    .put("latency_p50_ms", latency.p50())
                    .put("latency_p95_ms", latency.p95())
                    .put("latency_p99_ms", latency.p99())
                    .put("latency_reports", latency.reports())
                    .put("latency_jit_compile_s", round(latency.jitSeconds()));

            idle(cluster);
            balanced &= scaleSeries(cluster);
            figures.put("accounting_ok", balanced);
            out.flush();
            if (settings.json() != null) {
                new ObjectMapper()
                        .writerWithDefaultPrettyPrinter()
                        .writeValue(settings.json().toFile(), figures);
            }
            return balanced;
        }
    }

    /**
     * Discarded rounds of the pipeline and of both passthroughs, each on fresh topics, until the JIT has
     * settled (it compiled for less than {@link JitClock#SETTLED_SHARE} of the round) or
     * {@code warmUpRounds} ran: the measured phases then find compiled code and a warm broker. Measured:
     * after three rounds the compilers still worked a fifth of the last round's time (the phases take
     * turns, and each changes the type profiles of Kafka Streams' shared code), but the main run's
     * compiling fell from 13-16 s to 5-6 s, so three is the default; the JIT time inside each measured
     * run is printed.
     */
    private void warmUp(BenchCluster cluster) throws Exception {
        int count = Math.max(1_000, Math.min(settings.reports() / 5, 20_000));
        int round = 0;
        double share;
        do {
            round++;
            JitClock jit = JitClock.start();
            MonsoonConfig warm = config(cluster, "warmup-" + round);
            Topics topics = topics(warm);
            new org.monsoon.config.TopicProvisioner(warm, topics).createMissingTopics();
            BenchPhases.Loaded load =
                    BenchPhases.preload(warm, topics, load(99 + round).generate(count));
            BenchPhases.pipeline(warm, topics, load, cluster.brokerPid());
            BenchPhases.passthrough(warm, topics, load, true);
            BenchPhases.passthrough(warm, topics, load, false);
            share = jit.share();
        } while (round < settings.warmUpRounds() && share > JitClock.SETTLED_SHARE);
        out.printf(
                "warm-up             : %d round%s of %,d reports through the pipeline and both passthroughs, not"
                        + " measured; the JIT compiled for %.0f%% of the last round%n",
                round, round == 1 ? "" : "s", count, 100 * share);
        figures.put("warm_up_rounds", round).put("warm_up_last_jit_share", round3(share));
    }

    private BenchLoad load(long seed) {
        return new BenchLoad(settings.mix(), settings.members(), settings.distinct(), 0, seed, Instant.now());
    }

    private String describe(BenchLoad.Mix mix) {
        return mix == BenchLoad.Mix.CAMPAIGNS
                ? String.format(
                        "campaign mix (%,d campaigns of %d values, Zipf s=1.1; %.0f%% from the report's campaign,"
                                + " %.0f%% from %d values every campaign shares, the rest seen once)",
                        Math.max(10, settings.distinct() / BenchLoad.POOL),
                        BenchLoad.POOL,
                        100 * BenchLoad.FROM_POOL,
                        100 * BenchLoad.SHARED,
                        BenchLoad.SHARED_VALUES)
                : String.format("random mix (Zipf s=1.1 over %,d values)", settings.distinct());
    }

    /**
     * The stress phase: the old random mix, where a few popular values are in every campaign, on fresh
     * topics, reported beside the main run with its accounting and memory, so that nothing is hidden.
     */
    private boolean stress(BenchCluster cluster) throws Exception {
        MonsoonConfig stress = config(cluster, "stress");
        Topics topics = topics(stress);
        new org.monsoon.config.TopicProvisioner(stress, topics).createMissingTopics();
        BenchPhases.Loaded load = BenchPhases.preload(
                stress,
                topics,
                new BenchLoad(BenchLoad.Mix.RANDOM, settings.members(), settings.distinct(), 0, 43, Instant.now())
                        .generate(settings.reports()));
        BenchPhases.PipelineRun run = BenchPhases.pipeline(stress, topics, load, cluster.brokerPid());
        out.printf("stress phase        : %s%n", describe(BenchLoad.Mix.RANDOM));
        return printPipeline(load, run, figures.putObject("stress"));
    }

    /**
     * What Monsoon costs at the load a region really has: machine cores (pipeline JVM and broker) while
     * {@link #IDLE_RATE} reports a second are offered, measured as the latency run measures its CPU.
     */
    private void idle(BenchCluster cluster) throws Exception {
        MonsoonConfig idle = config(cluster, "idle");
        BenchPhases.Latency run = BenchPhases.latency(
                idle, topics(idle), load(11).generate(settings.idleReports()), IDLE_RATE, cluster.brokerPid());
        if (run.cpu() != null) {
            double cores = run.cpu().pipelineCores() + Math.max(0, run.cpu().brokerCores());
            out.printf(
                    "idle cost @ %.0f/s    : %.3f cores (%s)%n",
                    IDLE_RATE, cores, run.cpu().describe());
            figures.put("idle_cores_at_10_per_s", round3(cores))
                    .put("idle_pipeline_cores_at_10_per_s", round3(run.cpu().pipelineCores()))
                    .put("idle_broker_cores_at_10_per_s", round3(run.cpu().brokerCores()));
        }
    }

    private boolean printPipeline(BenchPhases.Loaded load, BenchPhases.PipelineRun run, ObjectNode figures) {
        RunSampler.Window intake = run.window();
        RunSampler.Window whole = run.whole();
        StageProgress.Figures slowest = run.slowest();
        double reportsPerSecond = run.reportsPerSecond();
        for (StageProgress.Figures stage : run.stages()) {
            out.printf(
                    "  stage %-10s: %,9.0f reports/s steady (%,d input records); all committed %.2f s into the run%n",
                    stage.stage().label(), stage.reportsPerSecond(), stage.records(), stage.drainedAtSeconds());
        }
        out.printf(
                "pipeline (EOS)      : %,.0f reports/s end to end (%,d reports through every stage in %.2f s,"
                        + " from the first commit to the last stage's last); the slowest stage on its own %,.0f"
                        + " reports/s (%s); intake %,.0f reports/s (accepted, %,d reports in %.2f s between 10%%"
                        + " and 90%%); whole run to the last advisory %.2f s; %,d advisory updates%n",
                reportsPerSecond,
                load.produced(),
                run.throughSeconds(),
                run.slowestStageReportsPerSecond(),
                slowest == null ? "unknown" : slowest.stage().label(),
                intake.perSecond(),
                intake.outputs(),
                intake.seconds(),
                run.endToEndSeconds(),
                run.advisoryUpdates());
        long reports = load.produced();
        double cpuMs = whole.selfCpuMs() + Math.max(0, whole.brokerCpuMs());
        out.printf(
                "cost                : %.3f ms machine CPU per report over the whole run (pipeline JVM %.3f + broker %s); "
                        + "write amplification %.1f (%,d bytes written to every topic / %,d input bytes); peak heap %d MiB;"
                        + " state %d MiB; JIT compiling %.1f s%n",
                cpuMs / reports,
                whole.selfCpuMs() / reports,
                whole.brokerCpuMs() < 0 ? "unknown" : String.format("%.3f", whole.brokerCpuMs() / reports),
                run.writeAmplification(),
                run.writtenBytes(),
                run.inputBytes(),
                run.peakHeapBytes() >> 20,
                run.stateBytes() >> 20,
                run.jitSeconds());
        out.printf("  written by topic  : %s%n", largest(run.writtenByTopic(), 10));
        out.printf(
                "  records sent      : %.1f per report (%s)%n",
                (double) run.recordsSent() / reports, perReport(run.recordsByTopic(), reports, 10));
        out.printf(
                "  campaigns         : the largest held %,d indicators; %,d hub indicators at the end%n",
                run.largestCampaign(), run.hubIndicators());
        out.printf("  stream thread     : %s%n", run.threadTime().describe());
        long notices = run.writtenByTopic().entrySet().stream()
                .filter(e -> e.getKey().startsWith("notices."))
                .mapToLong(java.util.Map.Entry::getValue)
                .sum();
        out.printf(
                "  written elsewhere : advisories %.1f MB, private notices %.1f MB, dead letters %.1f MB%n",
                run.writtenByTopic().getOrDefault("advisories", 0L) / 1e6,
                notices / 1e6,
                run.writtenByTopic().getOrDefault("reports.dlq", 0L) / 1e6);
        out.printf(
                "  counted           : %s%n",
                run.counters().entrySet().stream()
                        .map(e -> String.format("%s %,.0f", e.getKey(), e.getValue()))
                        .collect(java.util.stream.Collectors.joining(", ")));
        ObjectNode stages = figures.putObject("stages_reports_per_s");
        run.stages().forEach(stage -> stages.put(stage.stage().label(), round(stage.reportsPerSecond())));
        figures.put("pipeline_reports_per_s", round(reportsPerSecond))
                .put("pipeline_through_s", round3(run.throughSeconds()))
                .put("slowest_stage_reports_per_s", round(run.slowestStageReportsPerSecond()))
                .put("intake_reports_per_s", round(intake.perSecond()))
                .put("pipeline_end_to_end_s", round(run.endToEndSeconds()))
                // With an external cluster the broker's CPU is not visible here: this JVM's alone, and said so.
                .put("cpu_ms_per_report", round3(cpuMs / reports))
                .put("cpu_includes_broker", whole.brokerCpuMs() >= 0)
                .put("write_amplification", round3(run.writeAmplification()))
                .put("records_sent_per_report", round3((double) run.recordsSent() / reports))
                .put("pipeline_cpu_ms_per_report", round3(whole.selfCpuMs() / reports))
                .put("largest_campaign_indicators", run.largestCampaign())
                .put("hub_indicators", run.hubIndicators())
                .put("peak_heap_mib", run.peakHeapBytes() >> 20)
                .put("state_mib", run.stateBytes() >> 20)
                .put("advisory_updates", run.advisoryUpdates())
                .put("jit_compile_s", round(run.jitSeconds()));
        ObjectNode byTopic = figures.putObject("records_sent_per_report_by_topic");
        run.recordsByTopic().entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> byTopic.put(e.getKey(), round3((double) e.getValue() / reports)));
        ObjectNode thread = figures.putObject("stream_thread_s");
        thread.put("wall", round(run.threadTime().wallSeconds()));
        run.threadTime().seconds().forEach((part, s) -> thread.put(part.replace(' ', '_'), round(s)));
        return accounting(load, run);
    }

    /** The {@code n} largest entries, largest first, as {@code name size MB}. */
    /** The {@code n} topics with the most records, each as records per report. */
    private static String perReport(java.util.Map<String, Long> records, long reports, int n) {
        return records.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(n)
                .map(e -> String.format("%s %.2f", e.getKey(), (double) e.getValue() / reports))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static String largest(java.util.Map<String, Long> bytes, int n) {
        return bytes.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(n)
                .map(e -> String.format("%s %.1f MB", e.getKey(), e.getValue() / 1e6))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private boolean scaleSeries(BenchCluster cluster) throws Exception {
        if (settings.scaleSeries().isEmpty()) {
            return true;
        }
        boolean balanced = true;
        ArrayNode series = figures.putArray("scale_series");
        out.println(
                "scale series        : distinct indicators in the window -> end-to-end throughput, peak heap, state");
        for (long size : settings.scaleSeries()) {
            MonsoonConfig scale = config(cluster, "scale-" + size);
            Topics scaleTopics = topics(scale);
            int count = (int) Math.max(1_000, size / 3);
            List<BenchLoad.Item> wide =
                    new BenchLoad(settings.members(), size, 0.8, size, Instant.now()).generate(count);
            new org.monsoon.config.TopicProvisioner(scale, scaleTopics).createMissingTopics();
            BenchPhases.Loaded scaleLoad = BenchPhases.preload(scale, scaleTopics, wide);
            BenchPhases.PipelineRun scaleRun = BenchPhases.pipeline(scale, scaleTopics, scaleLoad, cluster.brokerPid());
            out.printf(
                    "  %,12d distinct: %,9d reports, %,7.0f reports/s end to end; peak heap %5d MiB; state %5d MiB%n",
                    size,
                    count,
                    scaleRun.reportsPerSecond(),
                    scaleRun.peakHeapBytes() >> 20,
                    scaleRun.stateBytes() >> 20);
            series.addObject()
                    .put("distinct", size)
                    .put("reports", count)
                    .put("reports_per_s", round(scaleRun.reportsPerSecond()))
                    .put("peak_heap_mib", scaleRun.peakHeapBytes() >> 20)
                    .put("state_mib", scaleRun.stateBytes() >> 20);
            balanced &= accounting(scaleLoad, scaleRun);
        }
        return balanced;
    }

    private boolean accounting(BenchPhases.Loaded load, BenchPhases.PipelineRun run) {
        long sum = run.accepted() + (long) run.duplicates() + run.deadLettered();
        boolean ok = sum == load.produced()
                && run.deadLettered() == load.undecodable() + load.invalid()
                && (long) run.duplicates() == load.redeliveries();
        out.printf(
                "accounting          : produced %,d = accepted %,d + duplicates %,.0f + dead-lettered %,d -> %s%n",
                load.produced(), run.accepted(), run.duplicates(), run.deadLettered(), ok ? "OK" : "MISMATCH");
        return ok;
    }

    private MonsoonConfig config(BenchCluster cluster, String run) {
        String id = "bench-" + run + "-" + Long.toHexString(System.nanoTime());
        return MonsoonConfig.defaults()
                .withBootstrapServers(cluster.bootstrapServers)
                .withSchemaRegistryUrl(cluster.registryUrl)
                .withRegistryCredentials(cluster.registryUserInfo)
                .withMembers(settings.members())
                .withTopicPrefix(id + ".")
                .withApplicationId(id)
                .withDataDir(settings.workDir().resolve(run))
                .withTopicLayout(settings.partitions(), (short) 1)
                .withClientOverrides(measuredOverrides(settings.clientOverrides()));
    }

    /**
     * The user's client settings, and one of the bench's own: Kafka Streams deletes what it has consumed
     * of a repartition topic every 30 s, so the bytes left on disk at the end would undercount what was
     * written there. The bench keeps them, so that write amplification counts every byte written.
     */
    static java.util.Map<String, String> measuredOverrides(java.util.Map<String, String> user) {
        java.util.Map<String, String> overrides = new java.util.HashMap<>(user);
        overrides.putIfAbsent(
                org.apache.kafka.streams.StreamsConfig.REPARTITION_PURGE_INTERVAL_MS_CONFIG,
                String.valueOf(Long.MAX_VALUE));
        return overrides;
    }

    private static Topics topics(MonsoonConfig config) {
        return Topics.of(config);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
