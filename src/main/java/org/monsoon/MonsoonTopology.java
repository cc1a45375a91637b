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
import org.monsoon.metrics.PipelineMetrics;
import org.apache.kafka.streams.kstream.Materialized;
import org.monsoon.campaign.CampaignProcessor;
import org.monsoon.campaign.CampaignState;
import org.monsoon.campaign.IndicatorSpans;
import org.monsoon.correlate.CorrelateProcessor;
import org.monsoon.correlate.CorrelationEvent;
import org.monsoon.correlate.IndicatorState;
import org.monsoon.correlate.Sighting;
import org.monsoon.correlate.SightingsProcessor;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.WarninglistEntry;
import org.monsoon.serde.JsonSerde;
import org.monsoon.warninglist.WarninglistStore;

/**
 * Monsoon's data flow, stage by stage. Every processor, store and internal topic is named
 * {@code <stage>-<thing>} so that a refactor cannot silently rename state (a test pins
 * {@code describe()}).
 *
 * <ol>
 *   <li><b>ingest</b>: read every member's topic as bytes; {@code ingest-validate} decodes (Confluent
 *       wire format), checks the contract and the reporter, canonicalises indicators, keys by
 *       {@code <reporter>/<report_id>} and stamps event time = observed_at. Rejections reach the
 *       dead-letter topic through the processing handler, with the original bytes.</li>
 *   <li><b>dedup</b>: repartition by report identity ({@code dedup-by-report}), whatever partitioner the
 *       CERT's producer used; {@code dedup-filter} drops identical redeliveries within the retention
 *       and marks revisions, remembering fingerprints in {@code dedup-fingerprints}.</li>
 *   <li>The canonical, deduplicated reports are written to {@code monsoon.reports.accepted} (an audit
 *       trail and the accounting of every record) and flow on.</li>
 *   <li><b>sightings</b>: {@code sightings-fanout} keeps shareable reports only (RED and AMBER_STRICT are
 *       counted and stop here) and emits one sighting per canonical indicator, repartitioned by
 *       indicator ({@code sightings-by-indicator}).</li>
 *   <li><b>correlate</b>: {@code correlate-indicators} keeps each indicator's sightings within the window
 *       ({@code correlate-sightings}), ignores warninglisted values (the {@code monsoon.warninglist}
 *       GlobalKTable, {@code warninglist-global}) and emits correlation events.</li>
 *   <li><b>campaign</b> and <b>advisory</b>: on one partition ({@code campaign-correlations}),
 *       {@code campaign-cluster} joins correlated indicators into campaigns ({@code campaign-membership},
 *       {@code campaign-state}, {@code campaign-indicators}, {@code campaign-reports}) and publishes
 *       versioned advisories to {@code monsoon.advisories}.</li>
 * </ol>
 */
public final class MonsoonTopology {
    public static final String DEDUP_STORE = "dedup-fingerprints";
    public static final String CORRELATE_STORE = "correlate-sightings";
    public static final String ADVISORY_STORE = "advisory-by-id";

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

        KStream<String, byte[]> reports = builder.stream(
                topics.allReports().stream().map(Topics.Topic::name).toList(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("ingest-source"));

        KStream<String, IncidentReport> canonical = reports.process(
                () -> new IngestProcessor(reportSerde.deserializer(), topics::memberOf, clock::instant, metrics),
                Named.as("ingest-validate"));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEDUP_STORE),
                Serdes.String(), Serdes.String()));
        KStream<String, IncidentReport> unique = canonical
                .repartition(Repartitioned.with(Serdes.String(), reportSerde).withName("dedup-by-report"))
                .process(() -> new DedupProcessor(DEDUP_STORE, config.dedupRetention(), metrics),
                        Named.as("dedup-filter"), DEDUP_STORE);

        unique.to(accepted.name(), Produced.with(accepted.keySerde(), reportSerde).withName("dedup-accepted-sink"));

        Topics.Topic<String, WarninglistEntry> warninglist = topics.warninglist();
        builder.globalTable(warninglist.name(),
                Consumed.with(warninglist.keySerde(), warninglist.valueSerde()).withName("warninglist-table"),
                Materialized.<String, WarninglistEntry>as(Stores.inMemoryKeyValueStore(WarninglistStore.STORE))
                        .withKeySerde(warninglist.keySerde()).withValueSerde(warninglist.valueSerde()));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CORRELATE_STORE),
                Serdes.String(), new JsonSerde<>(IndicatorState.class)));
        KStream<String, CorrelationEvent> correlations = unique
                .process(() -> new SightingsProcessor(metrics), Named.as("sightings-fanout"))
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(Sighting.class))
                        .withName("sightings-by-indicator"))
                .process(() -> new CorrelateProcessor(CORRELATE_STORE, config.correlationWindow(),
                        config.minCountries(), metrics), Named.as("correlate-indicators"), CORRELATE_STORE);

        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CampaignProcessor.MEMBERSHIP_STORE), Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CampaignProcessor.CAMPAIGN_STORE), Serdes.String(),
                new JsonSerde<>(CampaignState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CampaignProcessor.INDICATOR_STORE), Serdes.String(),
                new JsonSerde<>(IndicatorSpans.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CampaignProcessor.REPORT_STORE), Serdes.String(), Serdes.String()));
        Topics.Topic<String, Advisory> advisories = topics.advisories();
        correlations
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(CorrelationEvent.class))
                        .withName("campaign-correlations").withNumberOfPartitions(1))
                .process(() -> new CampaignProcessor(config.correlationWindow(), metrics), Named.as("campaign-cluster"),
                        CampaignProcessor.MEMBERSHIP_STORE, CampaignProcessor.CAMPAIGN_STORE,
                        CampaignProcessor.INDICATOR_STORE, CampaignProcessor.REPORT_STORE)
                .to(advisories.name(), Produced.with(advisories.keySerde(), advisories.valueSerde())
                        .withName("advisory-sink"));

        // The published advisories, latest version of each, queryable by id on whichever instance
        // owns the id's partition (the HTTP API routes there).
        builder.table(advisories.name(), Consumed.with(advisories.keySerde(), advisories.valueSerde())
                        .withName("advisory-table"),
                Materialized.<String, Advisory, org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>>as(ADVISORY_STORE)
                        .withKeySerde(advisories.keySerde()).withValueSerde(advisories.valueSerde()));
        return builder.build();
    }
}
