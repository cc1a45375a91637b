package org.monsoon.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.monsoon.config.TopicScan;

/**
 * Where a connector stands with one source, kept in the member's compacted bookmarks topic under the
 * source's name, so that a restarted connector resumes without sending again: for a MISP feed, each
 * event's uuid with the manifest timestamp last sent and how many reports (parts) it became. Written
 * after what it describes was acknowledged: a crash in between sends those events again, and the
 * pipeline drops them as duplicates.
 */
public final class Bookmarks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** What was last sent of one event. */
    public record Sent(String timestamp, int parts) {}

    private final Map<String, Object> clientConfig;
    private final String topic;
    private final String key;

    /**
     * @param topic the member's bookmarks topic ({@code monsoon.connect.<cc>})
     * @param key the source, e.g. the feed's URL
     */
    public Bookmarks(Map<String, Object> clientConfig, String topic, String key) {
        this.clientConfig = clientConfig;
        this.topic = topic;
        this.key = key;
    }

    /** The events last sent from this source, by uuid; empty on a first run. */
    public Map<String, Sent> read() throws IOException {
        Map<String, Sent> out = new TreeMap<>();
        readJson()
                .path("events")
                .properties()
                .forEach(e -> out.put(
                        e.getKey(),
                        new Sent(
                                e.getValue().path("timestamp").asText(),
                                e.getValue().path("parts").asInt(1))));
        return out;
    }

    /** Records what is now sent from this source, waiting for the broker. */
    public void write(Map<String, Sent> events) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode byUuid = root.putObject("events");
        events.forEach((uuid, sent) ->
                byUuid.putObject(uuid).put("timestamp", sent.timestamp()).put("parts", sent.parts()));
        writeJson(root);
    }

    /** The source's bookmark as JSON ({@code {}} on a first run). */
    public JsonNode readJson() throws IOException {
        String last = null;
        try {
            for (ConsumerRecord<String, String> r : TopicScan.readAll(
                    clientConfig, topic, new StringDeserializer(), new StringDeserializer(), TIMEOUT)) {
                if (key.equals(r.key())) {
                    last = r.value();
                }
            }
        } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
            throw new IOException("cannot read the bookmarks in " + topic + ": " + e.getMessage(), e);
        }
        return last == null ? JSON.createObjectNode() : JSON.readTree(last);
    }

    /** Records the source's bookmark, waiting for the broker. */
    public void writeJson(JsonNode root) throws IOException {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, root.toString())).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted writing the bookmarks", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot write the bookmarks to " + topic + ": " + e.getMessage(), e);
        }
    }
}
