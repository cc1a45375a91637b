package org.monsoon.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.monsoon.api.AdvisoryIds;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.schema.Advisory;
import org.monsoon.serde.AvroJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code monsoon advisories [ID]}: the latest version of every advisory, read from the compacted topic,
 * or of the one named by its id or a unique prefix of at least eight hex digits (as {@code demo} prints
 * it); with {@code --follow}, then every new version as it is published.
 */
@Command(
        name = "advisories",
        mixinStandardHelpOptions = true,
        description = "Print regional advisories (latest version of each).")
final class AdvisoriesCommand implements Callable<Integer> {
    /**
     * Output formats: one JSON advisory per line, an aligned table, or, as one document a TIP imports,
     * a STIX 2.1 bundle of every advisory or a MISP response of events (with {@code --follow}, one
     * bundle or event per line as they are published).
     */
    enum Format {
        json,
        table,
        stix,
        misp
    }

    @ParentCommand
    MonsoonCli parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @picocli.CommandLine.Parameters(
            arity = "0..1",
            paramLabel = "ID",
            description = "Only this advisory: its id, or a unique prefix of at least 8 hex digits (e.g. 7c0ad87a)")
    String id;

    @Option(names = "--follow", description = "Keep printing new versions as they are published")
    boolean follow;

    @Option(names = "--format", defaultValue = "json", description = "Output: ${COMPLETION-CANDIDATES}")
    Format format;

    @Option(
            names = "--region-name",
            description =
                    "With --format stix or misp: the regional body named as the author (default: ${DEFAULT-VALUE})")
    String regionName;

    private org.monsoon.stix.StixExporter stix;
    private org.monsoon.misp.MispExporter misp;

    @Override
    public Integer call() {
        String prefix = id == null ? null : wanted(id);
        stix = new org.monsoon.stix.StixExporter(regionName);
        misp = new org.monsoon.misp.MispExporter(regionName);
        MonsoonConfig config = connection.toConfig(parent.defaults());
        Topics.Topic<String, Advisory> topic = Topics.of(config).advisories();
        Preflight.check(config, List.of(topic.name()));
        PrintWriter out = spec.commandLine().getOut();
        AtomicBoolean running = new AtomicBoolean(true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.set(false)));
        Map<String, Object> props = config.clientConfig();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, Advisory> consumer = new KafkaConsumer<>(
                props, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                throw new CliException("topic " + topic.name() + " does not exist (is 'monsoon run' started?)", 1);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<String, Advisory> latest = new LinkedHashMap<>();
            while (!caughtUp(consumer, end)) {
                for (ConsumerRecord<String, Advisory> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                    }
                }
            }
            String only = prefix == null ? null : choose(prefix, latest.keySet());
            printHeader(out);
            List<Advisory> chosen = latest.values().stream()
                    .filter(a -> only == null || a.getAdvisoryId().equals(only))
                    .toList();
            if (!follow && (format == Format.stix || format == Format.misp)) {
                // One document a TIP imports as a file: one bundle, or one MISP response of events.
                out.println(TerminalText.json(
                        (format == Format.stix ? stix.bundle(chosen) : misp.events(chosen)).toString()));
                out.flush();
                return 0;
            }
            chosen.forEach(a -> print(out, a));
            while (follow && running.get()) {
                for (ConsumerRecord<String, Advisory> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null && (only == null || r.key().equals(only))) {
                        print(out, r.value());
                    }
                }
            }
        }
        return 0;
    }

    /** The id, or the prefix, an ID argument names; a usage error when it is neither. */
    private static String wanted(String given) {
        if (AdvisoryIds.whole(given)) {
            return given.toLowerCase(java.util.Locale.ROOT);
        }
        String prefix = AdvisoryIds.prefix(given);
        if (prefix == null) {
            throw new CliException(given + ": not an advisory id, nor at least " + AdvisoryIds.MIN_HEX_DIGITS
                    + " of its first hex digits");
        }
        return prefix;
    }

    /** The one advisory id starting with {@code prefix}; exit 1 naming what was found otherwise. */
    private String choose(String prefix, java.util.Set<String> ids) {
        List<String> matching =
                ids.stream().filter(i -> i.startsWith(prefix)).sorted().toList();
        if (matching.isEmpty()) {
            throw new CliException("no such advisory: " + id, 1);
        }
        if (matching.size() > 1) {
            throw new CliException(
                    id + " is the start of " + matching.size() + " advisory ids: " + String.join(", ", matching), 1);
        }
        return matching.get(0);
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private void printHeader(PrintWriter out) {
        if (format == Format.table) {
            out.printf(
                    "%-40s %3s %-8s %-8s %-12s %-24s %s%n",
                    "ADVISORY", "V", "STATUS", "SEVERITY", "TLP", "COUNTRIES", "TITLE");
        }
    }

    private void print(PrintWriter out, Advisory a) {
        if (format == Format.json) {
            out.println(TerminalText.json(AvroJson.toJson(a).toString()));
        } else if (format == Format.stix) {
            out.println(TerminalText.json(stix.bundle(a).toString()));
        } else if (format == Format.misp) {
            out.println(TerminalText.json(misp.event(a).toString()));
        } else {
            out.printf(
                    "%-40s %3d %-8s %-8s %-12s %-24s %s%n",
                    a.getAdvisoryId(),
                    a.getVersion(),
                    a.getStatus(),
                    a.getSeverity(),
                    "TLP:" + a.getTlp().name().replace('_', '+'),
                    String.join(",", a.getCountries()),
                    TerminalText.plain(a.getTitle()));
        }
        out.flush();
    }
}
