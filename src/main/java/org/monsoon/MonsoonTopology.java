package org.monsoon;

import java.time.Clock;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.monsoon.campaign.CampaignProcessor;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.correlate.CorrelateProcessor;
import org.monsoon.dedup.DedupProcessor;
import org.monsoon.dedup.DedupRouter;
import org.monsoon.dedup.ReportPartitioner;
import org.monsoon.dedup.ReportStates;
import org.monsoon.ingest.IngestProcessor;
import org.monsoon.ingest.MemberCounts;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.CampaignChange;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.MatchNotice;
import org.monsoon.schema.WarninglistEntry;
import org.monsoon.sightings.SightingsProcessor;
import org.monsoon.warninglist.WarninglistStore;

/**
 * Monsoon's data flow, stage by stage. Every processor, store and internal topic is named
 * {@code <stage>-<thing>} so that a refactor cannot silently rename state (a test pins
 * {@code describe()}); each stage's {@code ProcessorSupplier} declares its own stores. Internal records
 * are compact Avro binary carrying report identity, never copies of reports.
 *
 * <ol>
 *   <li><b>ingest</b>: read every member's topic as bytes; {@code ingest-validate} decodes (Confluent
 *       wire format), checks the contract and the reporter, canonicalises indicators, keys by
 *       {@code <reporter>/<report_id>} and stamps event time = observed_at. A tombstone withdraws the
 *       report in its key. Rejections reach the dead-letter topic through the processing handler; an
 *       indicator with no canonical form is left out and named in a header for dedup's
 *       INVALID_INDICATOR letter. Per-member statistics: store {@code ingest-member-stats}, which
 *       dedup counts into too.</li>
 *   <li><b>dedup</b>: {@code dedup-route} leaves a report on the partition it was read from when that is
 *       where its versions meet ({@link ReportPartitioner}: Kafka's default partitioner over the
 *       report_id key, so whatever a Java producer did), and moves it through {@code dedup-by-report}
 *       otherwise, whatever partitioner the CERT's producer used; so ingest and dedup share one task
 *       per partition. {@code dedup-filter} drops identical redeliveries within the retention and marks
 *       revisions; a withdrawal of an id it holds nothing for is an UNKNOWN_REPORT letter. Each report
 *       has one entry in {@code dedup-reports}, which dedup creates and sightings completes (the earlier
 *       format's {@code dedup-fingerprints}, {@code dedup-expiry} are drained).</li>
 *   <li>The canonical, deduplicated reports (and withdrawals, as tombstones) are written to
 *       {@code monsoon.reports.accepted}, an audit trail and the accounting of every record.</li>
 *   <li><b>sightings</b>: {@code sightings-fanout} turns each report version into per-indicator changes
 *       (a sighting, or a retraction of what a revision, a restricted revision or a withdrawal takes
 *       back), repartitioned by indicator ({@code sightings-by-indicator}); stores {@code dedup-reports}
 *       and, for reports past one pack, {@code sightings-indicators} (the earlier format's
 *       {@code sightings-reports}, {@code sightings-expiry} are drained).</li>
 *   <li><b>correlate</b>: {@code correlate-indicators} keeps the reports holding each indicator within the
 *       window, ignores warninglisted values (the {@code warninglist-global} GlobalKTable) and sends
 *       only changes an advisory can show, and private match notices, each its own kind of
 *       {@code CampaignChange} (stores {@code correlate-sightings}, {@code correlate-reports}; the
 *       earlier format's {@code correlate-expiry} is emptied).</li>
 *   <li><b>campaign</b> and <b>advisory</b>: on one partition ({@code campaign-correlations}),
 *       {@code campaign-cluster} joins correlated indicators into campaigns, takes back withdrawn
 *       contributions and publishes versioned advisories to {@code monsoon.advisories}, and private
 *       match notices (for a RED or AMBER+STRICT reporter, about its own indicators) to
 *       {@code monsoon.notices.<cc>} (stores {@code campaign-state}, {@code campaign-membership},
 *       {@code campaign-indicators}, {@code campaign-reports}, {@code campaign-links},
 *       {@code campaign-report-index}, {@code campaign-parts}, {@code campaign-retired}; a merge attaches
 *       one campaign's parts under another and moves nothing). It forwards advisories and notices each
 *       to its own named node ({@code campaign-output-advisories}, {@code campaign-output-notices}).
 *       Every advisory version also goes to
 *       {@code monsoon.advisories.history} ({@code advisory-history-sink}), the durable source of TAXII
 *       and the version history.</li>
 * </ol>
 */
public final class MonsoonTopology {
    public static final String DEDUP_STORE = ReportStates.STORE;
    public static final String CORRELATE_STORE = CorrelateProcessor.STORE;
    public static final String ADVISORY_STORE = org.monsoon.advisory.AdvisoryStore.NAME;

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
                IngestProcessor.supplier(
                        reportSerde.deserializer(), topics.registryClient(), topics::memberOf, clock::instant, metrics),
                Named.as("ingest-validate"));

        // Each report goes on where it was read when that is where its versions meet, and through
        // dedup-by-report otherwise: the router forwards every record to one of these two named nodes.
        KStream<String, IncidentReport> routed =
                canonical.process(DedupRouter.supplier(config.partitions(), metrics), Named.as("dedup-route"));
        KStream<String, IncidentReport> local = routed.filter((id, report) -> true, Named.as(DedupRouter.LOCAL));
        KStream<String, IncidentReport> moved = routed.filter((id, report) -> true, Named.as(DedupRouter.MOVED))
                .repartition(Repartitioned.with(Serdes.String(), reportSerde)
                        .withName("dedup-by-report")
                        .withNumberOfPartitions(config.partitions())
                        .withStreamPartitioner(new ReportPartitioner()));
        KStream<String, IncidentReport> unique = local.merge(moved, Named.as("dedup-merge"))
                .process(
                        DedupProcessor.supplier(config.dedupRetention(), metrics),
                        Named.as("dedup-filter"),
                        MemberCounts.STORE); // the ingest stage's statistics, which dedup counts into

        unique.to(
                accepted.name(), Produced.with(accepted.keySerde(), reportSerde).withName("dedup-accepted-sink"));

        Topics.Topic<String, WarninglistEntry> warninglist = topics.warninglist();
        builder.globalTable(
                warninglist.name(),
                Consumed.with(warninglist.keySerde(), warninglist.valueSerde()).withName("warninglist-table"),
                Materialized.<String, WarninglistEntry>as(Stores.inMemoryKeyValueStore(WarninglistStore.STORE))
                        .withKeySerde(warninglist.keySerde())
                        .withValueSerde(warninglist.valueSerde()));

        KStream<String, CampaignChange> correlations = unique.process(
                        SightingsProcessor.supplier(config.dedupRetention(), config.partitions(), metrics),
                        Named.as("sightings-fanout"),
                        ReportStates.STORE) // each report's one entry, which dedup creates
                .repartition(Repartitioned.with(Serdes.String(), SightingsProcessor.hopSerde())
                        .withName("sightings-by-indicator")
                        .withNumberOfPartitions(config.partitions()))
                .process(
                        CorrelateProcessor.supplier(
                                config.correlationWindow(), config.minCountries(), config.hubReports(), metrics),
                        Named.as("correlate-indicators"));

        Topics.Topic<String, Advisory> advisories = topics.advisories();
        KStream<String, SpecificRecord> campaigns = correlations
                .repartition(Repartitioned.with(Serdes.String(), CorrelateProcessor.hopSerde())
                        .withName("campaign-correlations")
                        .withNumberOfPartitions(1))
                .process(
                        CampaignProcessor.supplier(
                                config.correlationWindow(), config.minCountries(), config.advisoryRefresh(), metrics),
                        Named.as("campaign-cluster"));
        // The campaign stage forwards each kind of output to its own named node: no branching on type.
        KStream<String, Advisory> published = campaigns
                .filter((id, value) -> true, Named.as(CampaignProcessor.ADVISORIES))
                .mapValues(value -> (Advisory) value, Named.as("advisory-typed"));
        published.to(
                advisories.name(),
                Produced.with(advisories.keySerde(), advisories.valueSerde()).withName("advisory-sink"));
        // Every version, in order, on a topic that is never compacted: the durable source of TAXII's
        // collections and the version history, the same on every instance and across restarts.
        Topics.Topic<String, Advisory> history = topics.advisoryHistory();
        published.to(
                history.name(),
                Produced.with(history.keySerde(), history.valueSerde()).withName("advisory-history-sink"));
        // Each notice goes to its recipient's private topic only.
        var noticeSerde = topics.notices(config.members().get(0)).valueSerde();
        campaigns
                .filter((indicator, value) -> true, Named.as(CampaignProcessor.NOTICES))
                .mapValues(value -> (MatchNotice) value, Named.as("notices-typed"))
                .to(
                        (indicator, notice, context) ->
                                topics.notices(notice.getRecipient()).name(),
                        Produced.with(Serdes.String(), noticeSerde).withName("notices-sink"));

        // The published advisories, latest version of each, queryable by id on whichever instance
        // owns the id's partition (the HTTP API routes there).
        builder.table(
                advisories.name(),
                Consumed.with(advisories.keySerde(), advisories.valueSerde()).withName("advisory-table"),
                Materialized.<String, Advisory, KeyValueStore<Bytes, byte[]>>as(ADVISORY_STORE)
                        .withKeySerde(advisories.keySerde())
                        .withValueSerde(advisories.valueSerde()));
        // The advisories table restores from the advisories topic itself rather than from a changelog
        // copy of every (large) advisory version.
        Properties optimize = new Properties();
        optimize.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.REUSE_KTABLE_SOURCE_TOPICS);
        return builder.build(optimize);
    }
}
