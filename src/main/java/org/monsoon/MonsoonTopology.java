package org.monsoon;

import java.time.Clock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.dedup.DedupProcessor;
import org.monsoon.ingest.IngestProcessor;
import org.monsoon.ingest.ReportTimestampExtractor;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.IncidentReport;

/**
 * Monsoon's data flow, stage by stage. Every processor, store and internal topic is named
 * {@code <stage>-<thing>} so that a refactor cannot silently rename state (a test pins
 * {@code describe()}).
 *
 * <ol>
 *   <li><b>ingest</b>: read every member's topic (event time = observed_at); undecodable records go to
 *       the dead-letter topic through the deserialization handler; {@code ingest-validate} checks the
 *       contract and the reporter, canonicalises indicators and keys by {@code <reporter>/<report_id>}
 *       (rejections reach the dead-letter topic through the processing handler, with the original
 *       bytes).</li>
 *   <li><b>dedup</b>: repartition by report identity ({@code dedup-by-report}), whatever partitioner the
 *       CERT's producer used; {@code dedup-filter} drops identical redeliveries within the retention
 *       and marks revisions, remembering fingerprints in {@code dedup-fingerprints}.</li>
 *   <li>The canonical, deduplicated reports are written to {@code monsoon.reports.accepted}, the input
 *       of correlation.</li>
 * </ol>
 */
public final class MonsoonTopology {
    public static final String DEDUP_STORE = "dedup-fingerprints";

    private final MonsoonConfig config;
    private final Topics topics;
    private final PipelineMetrics metrics;
    private final Clock clock;

    public MonsoonTopology(MonsoonConfig config, Topics topics, PipelineMetrics metrics, Clock clock) {
        this.config = config;
        this.topics = topics;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        Topics.Topic<String, IncidentReport> accepted = topics.accepted();
        var reportSerde = accepted.valueSerde();

        KStream<String, IncidentReport> reports = builder.stream(
                topics.allReports().stream().map(Topics.Topic::name).toList(),
                Consumed.with(Serdes.String(), reportSerde)
                        .withTimestampExtractor(new ReportTimestampExtractor())
                        .withName("ingest-source"));

        KStream<String, IncidentReport> canonical = reports.process(
                () -> new IngestProcessor(topics::memberOf, clock::instant, metrics), Named.as("ingest-validate"));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEDUP_STORE),
                Serdes.String(), Serdes.String()));
        KStream<String, IncidentReport> unique = canonical
                .repartition(Repartitioned.with(Serdes.String(), reportSerde).withName("dedup-by-report"))
                .process(() -> new DedupProcessor(DEDUP_STORE, config.dedupRetention(), metrics),
                        Named.as("dedup-filter"), DEDUP_STORE);

        unique.to(accepted.name(), Produced.with(accepted.keySerde(), reportSerde).withName("dedup-accepted-sink"));
        return builder.build();
    }
}
