package org.monsoon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.StateFormat;
import org.monsoon.config.Topics;
import org.monsoon.dedup.ReportPartitioner;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.registry.SchemaRegistryClient;
import org.monsoon.serde.InternalFormats;
import org.monsoon.state.Partitions;

/**
 * The golden compatibility test: what stored state depends on (the topology's description with every
 * store and internal topic, each internal schema and the format byte it is written in, and where the
 * partitioners send sample keys) is pinned, per {@link StateFormat#CURRENT}, in
 * {@code src/test/resources/state-format/<format>.txt}. A change to any of it fails here until it is
 * deliberate: bump {@code StateFormat.CURRENT} when an earlier release's state can no longer be read as
 * it is (and say in the README how to upgrade), or regenerate the file of the current format when the
 * change is compatible (a new internal format byte that {@code InternalFormats} reads, say), with
 * {@code mvn test -Dtest=StateFormatGoldenTest -Dmonsoon.golden.write=true}. The files of earlier
 * formats stay, as the record of what each format was.
 */
class StateFormatGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/state-format");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void whatStoredStateDependsOnChangesOnlyWithTheStateFormat() throws Exception {
        String now = describe();
        Path file = GOLDEN.resolve(StateFormat.CURRENT + ".txt");
        if (Boolean.getBoolean("monsoon.golden.write")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, now, StandardCharsets.UTF_8);
        }
        assertTrue(
                Files.exists(file),
                "no golden description for state format " + StateFormat.CURRENT + " (" + file
                        + "): write it with -Dmonsoon.golden.write=true once the upgrade path is in the README");
        String golden = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(
                golden,
                now,
                "what stored state depends on changed (topology, internal schemas or partitioning): bump"
                        + " StateFormat.CURRENT if state written by the release before cannot be read as it is, else"
                        + " regenerate " + file + " with -Dmonsoon.golden.write=true (see this test's Javadoc)");
    }

    @Test
    void everyFormatFromTheOldestReadableToTheCurrentHasItsGoldenFile() {
        for (int format = StateFormat.OLDEST_READABLE + 1; format <= StateFormat.CURRENT; format++) {
            assertTrue(Files.exists(GOLDEN.resolve(format + ".txt")), "state format " + format + " has no golden file");
        }
    }

    /** Store and topic lists sorted: their order follows hash sets, not the topology. */
    private static String sortLists(String description) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((stores|topics): \\[([^]]*)]")
                .matcher(description);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String sorted = m.group(2).isEmpty()
                    ? ""
                    : String.join(
                            ", ", new java.util.TreeSet<>(List.of(m.group(2).split(", "))));
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement("(" + m.group(1) + ": [" + sorted + "]"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The text pinned per state format. */
    static String describe() throws Exception {
        StringBuilder out = new StringBuilder();
        MonsoonConfig config = MonsoonConfig.defaults();
        out.append("# Monsoon state format ")
                .append(StateFormat.CURRENT)
                .append("\n\n## Topology (defaults: ")
                .append(config.members().size())
                .append(" members, ")
                .append(config.partitions())
                .append(" partitions)\n");
        String topology = new MonsoonTopology(
                        config,
                        new Topics(config, new SchemaRegistryClient("http://unused", null)),
                        PipelineMetrics.inMemory(),
                        Clock.systemUTC())
                .build()
                .describe()
                .toString()
                .replaceAll("\\$\\$Lambda[^ )]*", "\\$\\$Lambda"); // a lambda's name differs per run
        out.append(sortLists(topology).strip()).append("\n\n## Internal schemas (format byte, schema)\n");
        List<Path> schemas;
        try (Stream<Path> files = Files.list(Path.of("schemas/internal"))) {
            schemas = files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        }
        for (Path schema : schemas) {
            String name = schema.getFileName().toString().replace(".avsc", "");
            Class<?> type = Class.forName("org.monsoon.schema." + name);
            out.append(name)
                    .append(" ")
                    .append(InternalFormats.current(type))
                    .append(" ")
                    .append(JSON.readTree(schema.toFile()).toString())
                    .append("\n");
        }
        out.append("\n## Partitioning (key: partition of 3, of 12)\n");
        for (String key : List.of(
                "SG/report-1",
                "MY/2026-12-06/a",
                "TH/x",
                "VN/CERT-VN-0001",
                "ID/idsirtii-77",
                "domain|evil.example",
                "ipv4|203.0.113.7",
                "sha256|" + "ab".repeat(32),
                "url|https://a.example/p?q=1")) {
            out.append("report ")
                    .append(key)
                    .append(": ")
                    .append(ReportPartitioner.partitionOf(key, 3))
                    .append(", ")
                    .append(ReportPartitioner.partitionOf(key, 12))
                    .append("; key: ")
                    .append(Partitions.forKey(key, 3))
                    .append(", ")
                    .append(Partitions.forKey(key, 12))
                    .append("\n");
        }
        return out.toString();
    }
}
