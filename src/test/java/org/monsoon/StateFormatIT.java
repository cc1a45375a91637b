package org.monsoon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.StateFormat;
import org.monsoon.config.StateFormatGuard;
import org.monsoon.config.StateFormatGuard.IncompatibleStateException;
import org.monsoon.testing.Await;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TestDirs;

/**
 * Upgrades that cannot silently lose state, on a real broker: the first start records the state
 * format; state recorded by a newer release, or kept in another partition count, or with no record at
 * all, refuses the start with one line naming the way forward; a format vouched for starts and is
 * recorded.
 */
class StateFormatIT {
    @Test
    void anIncompatibleStateRefusesToStartAndSaysWhatToDo() throws Exception {
        MonsoonConfig config =
                SharedPlatform.config("state-format-it", 1).withDataDir(TestDirs.create("state-format-it"));
        String topic = StateFormatGuard.topic(config.applicationId());

        try (MonsoonApplication app = MonsoonApplication.start(config, false)) {
            Await.until(app::state, s -> s == KafkaStreams.State.RUNNING, Duration.ofSeconds(90), "running");
        }
        // The first start recorded the format, and the application now has changelogs: its state.
        assertEquals(
                StateFormat.Verdict.CURRENT,
                new StateFormatGuard(config).check(Optional.empty()).verdict());

        record(
                config,
                topic,
                "{\"format\":" + (StateFormat.CURRENT + 1)
                        + ",\"partitions\":1,\"build\":\"monsoon 9.0 (commit feed)\"}");
        IncompatibleStateException newer =
                assertThrows(IncompatibleStateException.class, () -> MonsoonApplication.start(config, false));
        assertTrue(newer.getMessage().contains("written by monsoon 9.0 (commit feed)"), newer.getMessage());
        assertTrue(newer.getMessage().contains("run that build or a newer one"), newer.getMessage());

        record(config, topic, "{\"format\":" + StateFormat.CURRENT + ",\"partitions\":4,\"build\":\"x\"}");
        IncompatibleStateException partitions =
                assertThrows(IncompatibleStateException.class, () -> MonsoonApplication.start(config, false));
        assertTrue(partitions.getMessage().contains("--partitions 4"), partitions.getMessage());

        record(config, topic, null); // as a release before state-format records left it
        IncompatibleStateException unknown =
                assertThrows(IncompatibleStateException.class, () -> MonsoonApplication.start(config, false));
        assertTrue(unknown.getMessage().contains("--assume-state-format"), unknown.getMessage());

        try (MonsoonApplication app =
                MonsoonApplication.start(config, false, Optional.of(StateFormat.OLDEST_READABLE))) {
            Await.until(app::state, s -> s == KafkaStreams.State.RUNNING, Duration.ofSeconds(90), "running");
        }
        assertEquals(
                StateFormat.Verdict.CURRENT,
                new StateFormatGuard(config).check(Optional.empty()).verdict(),
                "the start it was vouched for recorded the current format");
    }

    private static void record(MonsoonConfig config, String topic, String value) throws Exception {
        Map<String, Object> props = config.clientConfig();
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "state-format", value)).get(30, TimeUnit.SECONDS);
        }
    }
}
