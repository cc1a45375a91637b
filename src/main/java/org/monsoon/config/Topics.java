package org.monsoon.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.monsoon.registry.SchemaRegistryClient;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.MatchNotice;
import org.monsoon.schema.WarninglistEntry;
import org.monsoon.serde.AvroSerde;

/**
 * The one typed registry of Monsoon's topics: every name comes from the configured prefix and member
 * list, every serde is built here, per instance, sharing one registry client.
 */
public final class Topics {

    /**
     * A topic: its name and the serdes of its keys and values, and how it is created.
     *
     * @param partitions its partition count, or 0 for the configured one
     * @param configs topic settings it is created with, besides the cleanup policy
     */
    public record Topic<K, V>(
            String name,
            Serde<K> keySerde,
            Serde<V> valueSerde,
            boolean compacted,
            int partitions,
            Map<String, String> configs) {
        public Topic(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted) {
            this(name, keySerde, valueSerde, compacted, 0, Map.of());
        }
    }

    /** How long the advisory history keeps versions: what TAXII and the version history can go back to. */
    public static final java.time.Duration HISTORY_RETENTION = java.time.Duration.ofDays(90);

    private final MonsoonConfig config;
    private final SchemaRegistryClient registryClient;
    private final Map<String, Object> serdeConfig;
    /** Topic name to member, looked up for every record ingested. */
    private final Map<String, String> memberByTopic = new java.util.HashMap<>();

    /** The topics of a configuration, with its registry client (credentials included): the usual way. */
    public static Topics of(MonsoonConfig config) {
        return new Topics(config, config.registryClient());
    }

    /** With a given registry client (tests with an in-memory registry). */
    public Topics(MonsoonConfig config, SchemaRegistryClient registryClient) {
        this.config = config;
        this.registryClient = registryClient;
        this.serdeConfig = config.clientConfig();
        // Registering is a write: only with the registry credential. Without it the serdes look schemas
        // up, which works once a Monsoon instance has provisioned them (reads are open).
        serdeConfig.put(org.monsoon.serde.AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, config.registryUserInfo() != null);
        config.members().forEach(m -> memberByTopic.put(reportsTopicName(m), m));
    }

    private String reportsTopicName(String member) {
        return config.topicPrefix() + "reports." + member.toLowerCase(Locale.ROOT);
    }

    /** {@code monsoon.reports.<cc>}: one member's CERT reports. */
    public Topic<String, IncidentReport> reports(String member) {
        return new Topic<>(reportsTopicName(member), Serdes.String(), avro(IncidentReport.class), false);
    }

    /** Every member's report topic, in member order. */
    public List<Topic<String, IncidentReport>> allReports() {
        return config.members().stream().map(this::reports).toList();
    }

    /** The member whose report topic this is, if it is one. */
    public Optional<String> memberOf(String topicName) {
        return Optional.ofNullable(memberByTopic.get(topicName));
    }

    /** {@code monsoon.reports.dlq}: rejected records, original bytes, with error headers. */
    public Topic<byte[], byte[]> deadLetters() {
        return new Topic<>(config.topicPrefix() + "reports.dlq", Serdes.ByteArray(), Serdes.ByteArray(), false);
    }

    /**
     * {@code monsoon.reports.dlq.replayed}: which dead letters {@code monsoon dlq replay} sent back,
     * keyed by their coordinates, compacted; written in the same transaction as the replayed records.
     */
    public Topic<byte[], byte[]> deadLetterReplays() {
        return new Topic<>(config.topicPrefix() + "reports.dlq.replayed", Serdes.ByteArray(), Serdes.ByteArray(), true);
    }

    /**
     * {@code monsoon.errors}: records Monsoon itself could not handle (never a CERT's fault), with the
     * stage, the exception and the source coordinates in headers; for operators only.
     */
    public Topic<byte[], byte[]> errors() {
        return new Topic<>(config.topicPrefix() + "errors", Serdes.ByteArray(), Serdes.ByteArray(), false);
    }

    /** {@code monsoon.reports.accepted}: canonical, deduplicated reports, keyed {@code <reporter>/<report_id>}. */
    public Topic<String, IncidentReport> accepted() {
        return new Topic<>(
                config.topicPrefix() + "reports.accepted", Serdes.String(), avro(IncidentReport.class), false);
    }

    /** {@code monsoon.advisories}: latest version of each advisory, compacted. */
    public Topic<String, Advisory> advisories() {
        return new Topic<>(config.topicPrefix() + "advisories", Serdes.String(), avro(Advisory.class), true);
    }

    /**
     * {@code monsoon.notices.<cc>}: private match notices for one member's CERT (only it may read the
     * topic), keyed by canonical indicator, compacted: the latest notice per indicator.
     */
    public Topic<String, MatchNotice> notices(String member) {
        return new Topic<>(
                config.topicPrefix() + "notices." + member.toLowerCase(Locale.ROOT),
                Serdes.String(),
                avro(MatchNotice.class),
                true);
    }

    /** Every member's notices topic, in member order. */
    public List<Topic<String, MatchNotice>> allNotices() {
        return config.members().stream().map(this::notices).toList();
    }

    /** {@code monsoon.warninglist}: known-benign values, compacted. */
    public Topic<String, WarninglistEntry> warninglist() {
        return new Topic<>(config.topicPrefix() + "warninglist", Serdes.String(), avro(WarninglistEntry.class), true);
    }

    /**
     * {@code monsoon.advisories.history}: every advisory version as published, in order, never
     * compacted (kept {@link #HISTORY_RETENTION}). One partition, so that every instance reads the same
     * sequence, and broker time ({@code LogAppendTime}), so that each version's time added is the same
     * for every reader: TAXII's {@code date_added} and the version history are derived from it.
     */
    public Topic<String, Advisory> advisoryHistory() {
        return new Topic<>(
                config.topicPrefix() + "advisories.history",
                Serdes.String(),
                avro(Advisory.class),
                false,
                1,
                Map.of(
                        "message.timestamp.type",
                        "LogAppendTime",
                        "retention.ms",
                        Long.toString(HISTORY_RETENTION.toMillis())));
    }

    /**
     * {@code monsoon.connect.<cc>}: where the member's connectors ({@code monsoon connect}) keep their
     * bookmarks, one compacted record per source, so that a restart resumes without sending again.
     */
    public Topic<String, String> connectBookmarks(String member) {
        return new Topic<>(
                config.topicPrefix() + "connect." + member.toLowerCase(Locale.ROOT),
                Serdes.String(),
                Serdes.String(),
                true,
                1,
                Map.of());
    }

    /** The topics {@code monsoon run} creates when missing. */
    public List<Topic<?, ?>> all() {
        List<Topic<?, ?>> topics = new java.util.ArrayList<>(allReports());
        topics.add(deadLetters());
        topics.add(errors());
        topics.add(deadLetterReplays());
        topics.add(accepted());
        topics.add(advisories());
        topics.add(advisoryHistory());
        topics.add(warninglist());
        topics.addAll(allNotices());
        config.members().forEach(m -> topics.add(connectBookmarks(m)));
        return topics;
    }

    /** The name prefix of the member report topics, {@code monsoon.reports.}. */
    public String reportsPrefix() {
        return config.topicPrefix() + "reports.";
    }

    public SchemaRegistryClient registryClient() {
        return registryClient;
    }

    private <T extends org.apache.avro.specific.SpecificRecord> Serde<T> avro(Class<T> type) {
        return AvroSerde.of(type, registryClient, serdeConfig, false);
    }
}
