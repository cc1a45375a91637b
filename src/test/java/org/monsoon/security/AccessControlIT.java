package org.monsoon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.monsoon.MonsoonApplication;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.TopicProvisioner;
import org.monsoon.config.Topics;
import org.monsoon.embedded.EmbeddedKafka;
import org.monsoon.embedded.EmbeddedRegistry;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.testing.TestDirs;
import org.monsoon.testing.TopicReader;

/**
 * SASL/SCRAM and Kafka's StandardAuthorizer on a real broker, with the ACLs of {@link AccessPlan}: the
 * SG CERT cannot speak for Malaysia nor read advisories or another member's notices, reads its own
 * notices, while Monsoon itself runs normally on its
 * own principal.
 */
class AccessControlIT {

    private static Map<String, Object> sasl(String bootstrap, String user) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "SCRAM-SHA-256");
        props.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                        + user + "-secret\";");
        return props;
    }

    @Test
    void aCertCanOnlyWriteItsOwnTopicAndMonsoonRunsOnItsOwnPrincipal() throws Exception {
        Path dir = TestDirs.create("acl-it");
        try (EmbeddedKafka kafka = new EmbeddedKafka(dir, "127.0.0.1", 0)
                        .withSaslListener()
                        .start();
                EmbeddedRegistry registry = EmbeddedRegistry.start(
                        kafka.bootstrapServers(),
                        "127.0.0.1",
                        0,
                        (short) 1,
                        new org.monsoon.registry.RegistryCredentials("acl-admin", "acl-registry-secret"));
                Admin operator = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            for (String user : List.of("cert-sg", "analyst", "monsoon")) {
                operator.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                                user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), user + "-secret")))
                        .all()
                        .get();
            }
            MonsoonConfig base = MonsoonConfig.defaults()
                    .withBootstrapServers(kafka.bootstrapServers())
                    .withSchemaRegistryUrl(registry.url())
                    .withRegistryCredentials("acl-admin:acl-registry-secret")
                    .withApplicationId("acl-it")
                    .withDataDir(dir)
                    .withTopicLayout(1, (short) 1);
            Topics topics = Topics.of(base);
            new TopicProvisioner(base, topics).createMissingTopics();
            // What an operator runs: `monsoon acl`, on the operator's (here: plain, super-user) listener.
            java.io.StringWriter aclOut = new java.io.StringWriter();
            assertEquals(
                    0,
                    org.monsoon.cli.MonsoonCli.execute(
                            new String[] {
                                "acl",
                                "--cert",
                                "SG=User:cert-sg",
                                "--analysts",
                                "User:analyst",
                                "--monsoon-principal",
                                "User:monsoon",
                                "--application-id",
                                "acl-it",
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--schema-registry-url",
                                registry.url()
                            },
                            Map.of(),
                            new java.io.PrintWriter(aclOut, true),
                            new java.io.PrintWriter(new java.io.StringWriter(), true)),
                    aclOut.toString());
            assertTrue(aclOut.toString().contains("created"), aclOut.toString());

            Map<String, String> monsoonAuth = new HashMap<>();
            sasl(kafka.saslBootstrapServers(), "monsoon").forEach((k, v) -> monsoonAuth.put(k, v.toString()));
            monsoonAuth.remove("bootstrap.servers");
            MonsoonConfig secured =
                    base.withBootstrapServers(kafka.saslBootstrapServers()).withClientOverrides(monsoonAuth);
            try (MonsoonApplication app = MonsoonApplication.start(secured, false)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (app.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertEquals(KafkaStreams.State.RUNNING, app.state());

                Map<String, Object> certConfig = sasl(kafka.saslBootstrapServers(), "cert-sg");
                certConfig.put("schema.registry.url", registry.url());
                certConfig.put("max.block.ms", 10_000);
                Topics.Topic<String, IncidentReport> sg = topics.reports("SG");
                try (KafkaProducer<String, IncidentReport> cert = new KafkaProducer<>(
                        certConfig, sg.keySerde().serializer(), sg.valueSerde().serializer())) {
                    IncidentReport own = aReport()
                            .from("SG")
                            .withId("sg-own")
                            .observedAt(Instant.now())
                            .withIndicator(IndicatorType.DOMAIN, "acl.example")
                            .build();
                    cert.send(new ProducerRecord<>(sg.name(), "sg-own", own)).get();
                    IncidentReport spoof = aReport()
                            .from("MY")
                            .withId("spoof")
                            .observedAt(Instant.now())
                            .build();
                    ExecutionException refused = assertThrows(
                            ExecutionException.class,
                            () -> cert.send(new ProducerRecord<>(
                                            topics.reports("MY").name(), "spoof", spoof))
                                    .get());
                    assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
                }
                var accepted = TopicReader.readUntil(
                        kafka.bootstrapServers(),
                        topics.accepted().name(),
                        topics.accepted().keySerde().deserializer(),
                        topics.accepted().valueSerde().deserializer(),
                        r -> !r.isEmpty(),
                        Duration.ofSeconds(60));
                assertEquals("SG/sg-own", accepted.get(0).key(), "Monsoon processed the CERT's own report");

                Map<String, Object> readAsCert = sasl(kafka.saslBootstrapServers(), "cert-sg");
                readAsCert.put(ConsumerConfig.GROUP_ID_CONFIG, "analyst-sg");
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                        readAsCert,
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
                    consumer.subscribe(List.of(topics.advisories().name()));
                    assertThrows(TopicAuthorizationException.class, () -> {
                        for (int i = 0; i < 20; i++) {
                            consumer.poll(Duration.ofMillis(500));
                        }
                    });
                }
                // Its own private notices, and nobody else's.
                Map<String, Object> notices = sasl(kafka.saslBootstrapServers(), "cert-sg");
                notices.put(ConsumerConfig.GROUP_ID_CONFIG, AccessPlan.noticesGroupPrefix("SG") + "-desk");
                notices.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                        notices,
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
                    assertEquals(
                            1,
                            consumer.partitionsFor(topics.notices("SG").name()).size());
                    consumer.subscribe(List.of(topics.notices("SG").name()));
                    consumer.poll(Duration.ofSeconds(2)); // no authorization error
                    consumer.unsubscribe();
                    consumer.subscribe(List.of(topics.notices("MY").name()));
                    assertThrows(TopicAuthorizationException.class, () -> {
                        for (int i = 0; i < 20; i++) {
                            consumer.poll(Duration.ofMillis(500));
                        }
                    });
                }
                Map<String, Object> analyst = sasl(kafka.saslBootstrapServers(), "analyst");
                analyst.put(ConsumerConfig.GROUP_ID_CONFIG, "analyst-desk");
                analyst.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                        analyst,
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
                    assertEquals(
                            1,
                            consumer.partitionsFor(topics.advisories().name()).size(),
                            "analysts may describe it");
                    consumer.subscribe(List.of(topics.advisories().name()));
                    consumer.poll(Duration.ofSeconds(2)); // analysts may read it: no authorization error
                    assertTrue(
                            consumer.subscription().contains(topics.advisories().name()));
                }
            }
        }
    }
}
