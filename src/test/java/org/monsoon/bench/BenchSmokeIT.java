package org.monsoon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.monsoon.cli.MonsoonCli;
import org.monsoon.embedded.EmbeddedPlatform;
import org.monsoon.testing.SharedPlatform;

/**
 * A tiny run of {@code monsoon bench} on the shared broker: the output is complete and its accounting
 * adds up. No timing is asserted; the figures are for people.
 */
class BenchSmokeIT {

    @Test
    void aSmallBenchmarkPrintsEveryFigureAndBalances() throws Exception {
        EmbeddedPlatform platform = SharedPlatform.get();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path json = Files.createTempFile("monsoon-bench", ".json");
        json.toFile().deleteOnExit();
        Set<Path> dirsBefore = benchDirs();
        int code = MonsoonCli.execute(
                new String[] {
                    "bench",
                    "--reports",
                    "10000",
                    "--latency-reports",
                    "600",
                    "--rate",
                    "200",
                    "--distinct-indicators",
                    "none",
                    "--partitions",
                    "2",
                    "--warm-up-rounds",
                    "2",
                    "--idle-reports",
                    "40",
                    "--json",
                    json.toString(),
                    "--bootstrap-servers",
                    platform.bootstrapServers(),
                    "--schema-registry-url",
                    platform.schemaRegistryUrl()
                },
                Map.of("MONSOON_REGISTRY_CREDENTIALS", platform.registryUserInfo()),
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        String text = out.toString();
        assertEquals(0, code, text + err);
        assertEquals(dirsBefore, benchDirs(), "the run's own data directory is deleted at the end");
        for (String line : new String[] {
            "warm-up",
            "producer baseline",
            "order",
            "passthrough (EOS)",
            "pipeline (EOS)",
            "cost",
            "latency @",
            "stream thread     : blocked on Kafka",
            "JIT compiling",
            "JIT               : compiling",
            "CPU               : pipeline JVM",
            "fetches",
            "producer requests",
            "records sent      :",
            "accounting"
        }) {
            assertTrue(text.contains(line), line + " missing from:\n" + text);
        }
        Matcher accounting = Pattern.compile("produced ([\\d,]+) = accepted ([\\d,]+) \\+ duplicates ([\\d,]+) "
                        + "\\+ dead-lettered ([\\d,]+) -> OK")
                .matcher(text);
        assertTrue(accounting.find(), text);
        long produced = number(accounting.group(1));
        assertEquals(10_000, produced);
        assertEquals(produced, number(accounting.group(2)) + number(accounting.group(3)) + number(accounting.group(4)));
        assertTrue(number(accounting.group(3)) > 500, "about 10% redeliveries");
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        for (String key : new String[] {
            "pipeline_reports_per_s",
            "passthrough_bytes_records_per_s",
            "passthrough_serde_records_per_s",
            "producer_records_per_s",
            "cpu_ms_per_report",
            "write_amplification",
            "latency_rate",
            "latency_p50_ms",
            "latency_p99_ms",
            "peak_heap_mib"
        }) {
            assertTrue(figures.path(key).isNumber(), key + " in " + figures);
            assertTrue(figures.get(key).asDouble() > 0, key + " in " + figures);
        }
        assertTrue(figures.get("accounting_ok").asBoolean(), figures.toString());
        // The default load models campaigns; the random mix runs beside it as the stress phase.
        assertEquals("campaigns", figures.path("mix").asText(), figures.toString());
        assertTrue(figures.path("largest_campaign_indicators").asLong() > 0, figures.toString());
        assertTrue(figures.path("hub_indicators").isNumber(), figures.toString());
        assertTrue(figures.path("pipeline_cpu_ms_per_report").asDouble() > 0, figures.toString());
        assertTrue(
                figures.path("records_sent_per_report_by_topic")
                                .path("reports.accepted")
                                .asDouble()
                        > 0.5,
                figures.toString());
        JsonNode stress = figures.path("stress");
        assertTrue(stress.path("pipeline_reports_per_s").asDouble() > 0, figures.toString());
        assertTrue(stress.path("peak_heap_mib").asDouble() > 0, figures.toString());
        assertTrue(stress.path("largest_campaign_indicators").asLong() > 0, figures.toString());
        assertTrue(text.contains("stress phase"), text);
        assertTrue(figures.path("idle_cores_at_10_per_s").asDouble() > 0, figures.toString());
        // The warm-up stops once the JIT settles, and each measured run says how much it still compiled.
        int rounds = figures.path("warm_up_rounds").asInt();
        assertTrue(rounds >= 1 && rounds <= 2, figures.toString());
        assertTrue(figures.path("warm_up_last_jit_share").isNumber(), figures.toString());
        assertTrue(figures.path("jit_compile_s").isNumber(), figures.toString());
        assertTrue(figures.path("latency_jit_compile_s").isNumber(), figures.toString());
        // The paced run says what the machine spent on it: the pipeline's JVM, and the broker it started.
        assertTrue(figures.path("latency_pipeline_cores").asDouble() > 0, figures.toString());
        double brokerCores = figures.path("latency_broker_cores").asDouble();
        assertTrue(
                figures.path("cpu_includes_broker").asBoolean() ? brokerCores > 0 : brokerCores == -1,
                "the broker's share is known only when the bench started it: " + figures);
        assertTrue(figures.path("latency_cpu_ms_per_report").asDouble() > 0, figures.toString());
        // Every accepted report is sent on at least once, to the accepted topic.
        assertTrue(figures.path("records_sent_per_report").asDouble() >= 0.8, figures.toString());
        assertTrue(text.contains("round" + (rounds == 1 ? " " : "s ") + "of 2,000 reports"), text);
        // Every stage's progress is measured; the pipeline's figure is every report through every stage.
        JsonNode stages = figures.path("stages_reports_per_s");
        double slowest = Double.MAX_VALUE;
        // The loader's producer keys by report_id with Kafka's default partitioner, as a CERT's Java client
        // does: every report is read where its versions meet, and none takes the dedup-by-report hop.
        assertTrue(text.contains("reports.rerouted 0,"), text);
        assertTrue(stages.path("rerouted").isMissingNode(), figures.toString());
        for (String stage : new String[] {"ingest", "correlate", "campaign"}) {
            assertTrue(stages.path(stage).asDouble() > 0, stage + " in " + figures);
            assertTrue(text.contains("stage " + stage), stage + " line missing from:\n" + text);
            slowest = Math.min(slowest, stages.get(stage).asDouble());
        }
        assertEquals(slowest, figures.get("slowest_stage_reports_per_s").asDouble(), 0.1, figures.toString());
        double through = figures.path("pipeline_through_s").asDouble();
        assertTrue(through > 0, figures.toString());
        assertEquals(
                figures.path("reports").asDouble() / through,
                figures.get("pipeline_reports_per_s").asDouble(),
                figures.get("pipeline_reports_per_s").asDouble() * 0.02,
                figures.toString());
        assertTrue(figures.path("intake_reports_per_s").asDouble() > 0, figures.toString());
        // Where the stream thread's time went: Kafka Streams' own timers, read over the run.
        JsonNode thread = figures.path("stream_thread_s");
        assertTrue(thread.path("wall").asDouble() > 0, figures.toString());
        assertTrue(thread.path("blocked").asDouble() > 0, "the thread commits, so it blocks on Kafka: " + figures);
        assertTrue(thread.path("blocked").asDouble() <= thread.path("wall").asDouble() * 1.05, figures.toString());
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", ""));
    }

    /** The benchmark data directories in the temporary directory (the run creates one of its own). */
    private static Set<Path> benchDirs() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("monsoon-bench") && Files.isDirectory(p))
                    .collect(Collectors.toSet());
        }
    }
}
