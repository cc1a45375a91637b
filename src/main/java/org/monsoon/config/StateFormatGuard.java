package org.monsoon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before the pipeline starts, that this build can use the application's stored state, and
 * records the state format it writes ({@link StateFormat}): one JSON record in the compacted topic
 * {@code <application id>-state-format} (covered by the application's internal-topic ACLs, and left
 * alone by Kafka's reset tool, which deletes only changelogs and repartitions). Whether the application
 * has state at all is read from its changelog topics. A build that cannot use the state throws
 * {@link IncompatibleStateException} with one line naming the way forward, and nothing is changed.
 */
public final class StateFormatGuard {
    private static final Logger LOG = LoggerFactory.getLogger(StateFormatGuard.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "state-format";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The application's stored state cannot be used by this build; the message says what to do. */
    public static final class IncompatibleStateException extends RuntimeException {
        IncompatibleStateException(String message) {
            super(message);
        }
    }

    private final MonsoonConfig config;

    public StateFormatGuard(MonsoonConfig config) {
        this.config = config;
    }

    /** The topic holding the record: internal to the application, like its changelogs. */
    public static String topic(String applicationId) {
        return applicationId + "-state-format";
    }

    /**
     * Checks and records the state format.
     *
     * @param assumed the format an operator vouches for when state has no record ({@code --assume-state-format})
     * @return the decision taken (never {@link StateFormat.Verdict#REFUSE}: that throws)
     * @throws IncompatibleStateException when this build cannot use the stored state
     */
    public StateFormat.Decision check(Optional<Integer> assumed) {
        String topic = topic(config.applicationId());
        boolean hasState;
        try (Admin admin = Admin.create(config.clientConfig())) {
            Set<String> names = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            String prefix = config.applicationId() + "-";
            hasState = names.stream().anyMatch(n -> n.startsWith(prefix) && n.endsWith("-changelog"));
            if (!names.contains(topic)) {
                create(admin, topic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the state format", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check the state format in " + topic + ": " + e.getMessage(), e);
        }
        Optional<StateFormat.Recorded> recorded = read(topic);
        StateFormat.Decision decision =
                StateFormat.decide(recorded, hasState, assumed, config.partitions(), config.applicationId());
        switch (decision.verdict()) {
            case REFUSE -> throw new IncompatibleStateException(decision.message());
            case UPGRADE -> {
                LOG.warn("{}", decision.message());
                write(topic);
            }
            case FRESH -> write(topic);
            case CURRENT -> {
                if (!recorded.map(r -> r.build().equals(BuildInfo.describe())).orElse(false)) {
                    write(topic); // the same format, another build: say which build runs now
                }
            }
        }
        return decision;
    }

    private void create(Admin admin, String topic) throws InterruptedException, ExecutionException, TimeoutException {
        NewTopic spec = new NewTopic(topic, 1, config.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(spec)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e; // another instance created it at the same moment otherwise
            }
        }
    }

    /** The last record under the key, read to the end of the topic (committed records only). */
    private Optional<StateFormat.Recorded> read(String topic) {
        String last = null;
        for (ConsumerRecord<String, String> record : TopicScan.readAll(
                config.clientConfig(), topic, new StringDeserializer(), new StringDeserializer(), TIMEOUT)) {
            if (KEY.equals(record.key())) {
                last = record.value();
            }
        }
        return Optional.ofNullable(last).map(StateFormatGuard::parse);
    }

    static StateFormat.Recorded parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return new StateFormat.Recorded(
                    node.path("format").asInt(-1),
                    node.path("partitions").asInt(-1),
                    node.path("build").asText("an unknown build"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the state-format record is not JSON: " + e.getMessage(), e);
        }
    }

    private void write(String topic) {
        ObjectNode node = JSON.createObjectNode()
                .put("format", StateFormat.CURRENT)
                .put("partitions", config.partitions())
                .put("build", BuildInfo.describe())
                .put("written_at", Instant.now().toString());
        Map<String, Object> props = config.clientConfig();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, KEY, node.toString())).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording the state format", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot record the state format in " + topic + ": " + e.getMessage(), e);
        }
    }
}
