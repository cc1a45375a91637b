package org.monsoon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.serde.AvroDeserializer;
import org.monsoon.serde.AvroJson;
import org.monsoon.serde.WireFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code monsoon tail TOPIC}: the last records of any Monsoon topic, decoded, one JSON object per line:
 * coordinates, time, key, every header as text, and the value: an Avro value in the Confluent wire
 * format decoded through the registry, UTF-8 text as text, anything else in base64. Committed records
 * only. What kcat cannot do with Debian's build (no Avro), in one command.
 */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description = "Print the last records of a topic, decoded (Avro as JSON), one JSON object per line.")
final class TailCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    MonsoonCli parent;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(
            paramLabel = "TOPIC",
            description = "A topic, by its name or without the topic prefix: advisories, reports.dlq, reports.sg, ...")
    String topic;

    @Option(
            names = "--last",
            defaultValue = "10",
            description = "Records per partition to start from (default: ${DEFAULT-VALUE})")
    int last;

    @Option(names = "--from-beginning", description = "Every record the topic still holds")
    boolean fromBeginning;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing records as they arrive")
    boolean follow;

    @Override
    public Integer call() {
        if (last < 0) {
            throw new CliException("--last " + last + ": must not be negative");
        }
        MonsoonConfig config = connection.toConfig(parent.defaults());
        String name = topic.startsWith(config.topicPrefix()) ? topic : config.topicPrefix() + topic;
        Preflight.check(config, List.of(name));
        AvroDeserializer<Object> avro = new AvroDeserializer<>(config.registryClient(), null);
        PrintWriter out = spec.commandLine().getOut();
        AtomicBoolean running = new AtomicBoolean(true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.set(false)));
        Map<String, Object> props = config.clientConfig();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(name, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(name, p.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (TopicPartition p : partitions) {
                consumer.seek(p, fromBeginning ? begin.get(p) : Math.max(begin.get(p), end.get(p) - last));
            }
            while (running.get() && (follow || partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    out.println(TerminalText.json(line(record, avro).toString()));
                }
                out.flush();
            }
        }
        return 0;
    }

    private static ObjectNode line(ConsumerRecord<byte[], byte[]> record, AvroDeserializer<Object> avro) {
        ObjectNode line = JSON.createObjectNode()
                .put("topic", record.topic())
                .put("partition", record.partition())
                .put("offset", record.offset())
                .put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        line.put("key", record.key() == null ? null : text(record.key()));
        ObjectNode headers = line.putObject("headers");
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : text(header.value()));
        }
        byte[] value = record.value();
        if (value == null) {
            line.putNull("value");
        } else if (value.length > WireFormat.HEADER_SIZE && value[0] == 0) {
            try {
                Object decoded = avro.deserialize(record.topic(), value);
                line.set("value", decoded instanceof IndexedRecord r ? AvroJson.toJson(r) : JSON.valueToTree(decoded));
            } catch (RuntimeException e) {
                line.put("value", text(value)).put("value_error", String.valueOf(e.getMessage()));
            }
        } else {
            line.put("value", text(value));
        }
        return line;
    }

    /** UTF-8 text when the bytes are valid UTF-8, else {@code base64:...}. */
    private static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(bytes);
        }
    }
}
