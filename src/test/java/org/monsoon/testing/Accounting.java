package org.monsoon.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.monsoon.config.Topics;

/**
 * The exactly-once ledger of a scenario: every valid report on the accepted topic once, every bad
 * record on the dead-letter topic once, and accepted + dead-lettered + duplicates = produced.
 */
public final class Accounting {
    private Accounting() {}

    /**
     * Waits (up to {@code timeout}) for everything to arrive and for the application's group to have
     * consumed all its input, after which nothing more can be written; then checks the ledger.
     */
    public static void assertExactlyOnce(
            String bootstrap, Topics topics, String applicationId, CampaignScenario scenario, Duration timeout) {
        TopicReader.readUntil(
                bootstrap,
                topics.accepted().name(),
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                r -> r.size() >= scenario.expectedAccepted.size(),
                timeout);
        TopicReader.readUntil(
                bootstrap,
                topics.deadLetters().name(),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer(),
                r -> r.size() >= scenario.expectedDead.size(),
                Duration.ofSeconds(60));
        Await.quiescent(bootstrap, applicationId, timeout); // a duplicate would have shown up by now
        List<ConsumerRecord<String, byte[]>> accepted = TopicReader.readAll(
                bootstrap, topics.accepted().name(), new StringDeserializer(), new ByteArrayDeserializer());
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAll(
                bootstrap, topics.deadLetters().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        assertEquals(
                once(scenario.expectedAccepted),
                accepted.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting())),
                "each valid report accepted exactly once");
        assertEquals(
                once(scenario.expectedDead),
                dead.stream()
                        .collect(Collectors.groupingBy(
                                r -> new String(r.key(), StandardCharsets.UTF_8), Collectors.counting())),
                "each bad record dead-lettered exactly once");
        assertEquals(
                scenario.items.size(),
                accepted.size() + dead.size() + scenario.redeliveries,
                "accepted + dead-lettered + duplicates = produced");
    }

    /** How many reports are on the accepted topic now. */
    public static int accepted(String bootstrap, Topics topics) {
        return TopicReader.readAll(
                        bootstrap, topics.accepted().name(), new StringDeserializer(), new ByteArrayDeserializer())
                .size();
    }

    /** Waits until at least {@code count} reports were accepted; returns how many there are. */
    public static int awaitAccepted(String bootstrap, Topics topics, int count, Duration timeout) {
        return TopicReader.readUntil(
                        bootstrap,
                        topics.accepted().name(),
                        new StringDeserializer(),
                        new ByteArrayDeserializer(),
                        r -> r.size() >= count,
                        timeout)
                .size();
    }

    private static Map<String, Long> once(Set<String> keys) {
        return keys.stream().collect(Collectors.toMap(Function.identity(), k -> 1L));
    }
}
