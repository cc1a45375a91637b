package org.monsoon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.embedded.EmbeddedPlatform;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.MatchNotice;
import org.monsoon.schema.NoticeState;
import org.monsoon.schema.Tlp;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TestDirs;
import org.monsoon.testing.TopicReader;

/**
 * On the real broker: a RED reporter gets a private notice on its own topic, a tombstone withdraws a
 * shareable report, the advisory it supported is published WITHDRAWN and the notice follows.
 */
class WithdrawalAndNoticeIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aNoticeReachesOnlyTheRedReporterAndATombstoneWithdrawsAReport() throws Exception {
        EmbeddedPlatform platform = SharedPlatform.get();
        MonsoonConfig config = MonsoonConfig.defaults()
                .withBootstrapServers(platform.bootstrapServers())
                .withSchemaRegistryUrl(platform.schemaRegistryUrl())
                .withRegistryCredentials(platform.registryUserInfo())
                .withTopicPrefix("notice-it.")
                .withApplicationId("notice-it")
                .withDataDir(TestDirs.create("notice-it"))
                .withTopicLayout(2, (short) 1);
        Topics topics = Topics.of(config);
        Instant now = Instant.now().minusSeconds(60);
        try (MonsoonApplication app = MonsoonApplication.start(config, false);
                KafkaProducer<String, IncidentReport> producer = new KafkaProducer<>(
                        config.clientConfig(),
                        topics.reports("SG").keySerde().serializer(),
                        topics.reports("SG").valueSerde().serializer());
                KafkaProducer<String, byte[]> tombstones =
                        new KafkaProducer<>(config.clientConfig(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                    topics.reports("SG").name(),
                    "sg-red",
                    aReport()
                            .from("SG")
                            .withId("sg-red")
                            .withTlp(Tlp.RED)
                            .observedAt(now)
                            .withIndicator(IndicatorType.DOMAIN, "c2.notice-it.example")
                            .build()));
            for (String member : List.of("MY", "TH")) {
                producer.send(new ProducerRecord<>(
                        topics.reports(member).name(),
                        member.toLowerCase() + "-1",
                        aReport()
                                .from(member)
                                .withId(member.toLowerCase() + "-1")
                                .withTlp(Tlp.GREEN)
                                .observedAt(now)
                                .withIndicator(IndicatorType.DOMAIN, "c2.notice-it.example")
                                .build()));
            }
            producer.flush();

            Topics.Topic<String, MatchNotice> sgNotices = topics.notices("SG");
            List<ConsumerRecord<String, MatchNotice>> notices = TopicReader.readUntil(
                    platform.bootstrapServers(),
                    sgNotices.name(),
                    sgNotices.keySerde().deserializer(),
                    sgNotices.valueSerde().deserializer(),
                    r -> !r.isEmpty()
                            && r.get(r.size() - 1).value().getMembers().equals(List.of("MY", "TH")),
                    WAIT);
            MatchNotice matched = notices.get(notices.size() - 1).value();
            assertEquals(
                    "DOMAIN:c2.notice-it.example",
                    notices.get(notices.size() - 1).key());
            assertEquals(NoticeState.MATCHED, matched.getState());
            assertEquals(List.of("sg-red"), matched.getYourReports());

            Topics.Topic<String, Advisory> advisories = topics.advisories();
            List<ConsumerRecord<String, Advisory>> active = TopicReader.readUntil(
                    platform.bootstrapServers(),
                    advisories.name(),
                    advisories.keySerde().deserializer(),
                    advisories.valueSerde().deserializer(),
                    r -> !r.isEmpty(),
                    WAIT);
            Advisory first = active.get(0).value();
            assertEquals(List.of("MY", "TH"), first.getCountries());
            assertFalse(first.toString().contains("sg-red") || first.toString().contains("SG"), first.toString());

            tombstones.send(new ProducerRecord<>(topics.reports("MY").name(), "my-1", null));
            tombstones.flush();

            List<ConsumerRecord<String, Advisory>> versions = TopicReader.readUntil(
                    platform.bootstrapServers(),
                    advisories.name(),
                    advisories.keySerde().deserializer(),
                    advisories.valueSerde().deserializer(),
                    r -> r.stream().anyMatch(a -> a.value().getStatus() == AdvisoryStatus.WITHDRAWN),
                    WAIT);
            Advisory withdrawn = versions.stream()
                    .map(ConsumerRecord::value)
                    .filter(a -> a.getStatus() == AdvisoryStatus.WITHDRAWN)
                    .findFirst()
                    .orElseThrow();
            assertEquals(first.getAdvisoryId(), withdrawn.getAdvisoryId());
            assertTrue(withdrawn.getIndicators().isEmpty());
            List<ConsumerRecord<String, MatchNotice>> followed = TopicReader.readUntil(
                    platform.bootstrapServers(),
                    sgNotices.name(),
                    sgNotices.keySerde().deserializer(),
                    sgNotices.valueSerde().deserializer(),
                    r -> !r.isEmpty()
                            && r.get(r.size() - 1).value().getMembers().equals(List.of("TH")),
                    WAIT);
            assertEquals(
                    NoticeState.MATCHED,
                    followed.get(followed.size() - 1).value().getState());
            assertEquals(1.0, app.metrics().count("monsoon.reports.withdrawn", "reporter", "MY"));
            for (String other : List.of("MY", "TH")) {
                assertTrue(
                        TopicReader.readAll(
                                        platform.bootstrapServers(),
                                        topics.notices(other).name(),
                                        sgNotices.keySerde().deserializer(),
                                        sgNotices.valueSerde().deserializer())
                                .isEmpty(),
                        other + " is told nothing");
            }
        }
    }
}
