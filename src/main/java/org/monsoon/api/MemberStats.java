package org.monsoon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.monsoon.ingest.MemberCounts;

/**
 * Per-member report and rejection counts for the dashboard, read from the ingest stage's statistics
 * store ({@link MemberCounts}): what exactly-once committed, restored after a restart, the same
 * whichever instance answers. Each instance reads the partitions it runs and asks its peers for
 * theirs, so the region's figures are the sum. The last hour's counts, per ten seconds, come from the
 * same store, as cumulative samples for the charts.
 */
final class MemberStats {
    static final int SAMPLE_SECONDS = MemberCounts.SAMPLE_SECONDS;

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Peers peers;

    MemberStats(KafkaStreams streams, HostInfo self, Peers peers) {
        this.streams = streams;
        this.self = self;
        this.peers = peers;
    }

    /** {@code {members: {SG: {received, duplicates, rejected: {CODE: n}}}}}, the region's unless {@code local}. */
    JsonNode stats(boolean local) {
        ObjectNode members = JsonNodeFactory.instance.objectNode();
        totals(members, read().totals());
        if (!local) {
            for (StreamsMetadata instance : peers()) {
                merge(members, peers.get(instance.hostInfo(), "/api/stats").path("members"));
            }
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("members", members);
        return answer;
    }

    /**
     * The counts over the last hour, cumulative, oldest first: {@code {interval_s, samples: [{t, members}]}},
     * summed over every instance unless {@code local}.
     */
    JsonNode history(boolean local) {
        Counts counts = read();
        TreeMap<Long, ObjectNode> byTime = new TreeMap<>();
        // Cumulative at the end of each bucket: today's totals less what came after it.
        Map<String, Long> running = new TreeMap<>(counts.totals());
        for (Map.Entry<Long, Map<String, Long>> bucket :
                counts.buckets().descendingMap().entrySet()) {
            ObjectNode members = JsonNodeFactory.instance.objectNode();
            totals(members, running);
            byTime.put(bucket.getKey(), members);
            bucket.getValue().forEach((key, n) -> running.merge(key, -n, Long::sum));
        }
        if (!local) {
            for (StreamsMetadata instance : peers()) {
                for (JsonNode peer :
                        peers.get(instance.hostInfo(), "/api/stats/history").path("samples")) {
                    ObjectNode into =
                            byTime.computeIfAbsent(peer.get("t").asLong(), t -> JsonNodeFactory.instance.objectNode());
                    merge(into, peer.path("members"));
                }
            }
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("interval_s", SAMPLE_SECONDS);
        ArrayNode list = answer.putArray("samples");
        byTime.forEach((t, members) -> list.addObject().put("t", t).set("members", members));
        return answer;
    }

    /** Totals ({@code <member>|<field>}) and sample buckets (epoch second to {@code <member>|<field>}). */
    private record Counts(Map<String, Long> totals, TreeMap<Long, Map<String, Long>> buckets) {}

    /** This instance's partitions of the statistics store, summed. */
    private Counts read() {
        Map<String, Long> totals = new TreeMap<>();
        TreeMap<Long, Map<String, Long>> buckets = new TreeMap<>();
        try (KeyValueIterator<String, Long> it = store().all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> entry = it.next();
                if (entry.key.startsWith("@")) {
                    int bar = entry.key.indexOf('|');
                    long bucket = Long.parseLong(entry.key.substring(1, bar));
                    buckets.computeIfAbsent(bucket, b -> new TreeMap<>())
                            .merge(entry.key.substring(bar + 1), entry.value, Long::sum);
                } else {
                    totals.merge(entry.key, entry.value, Long::sum);
                }
            }
        }
        return new Counts(totals, buckets);
    }

    private ReadOnlyKeyValueStore<String, Long> store() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw ApiException.unavailable("statistics are not queryable: Kafka Streams is " + streams.state());
        }
        try {
            return streams.store(
                    StoreQueryParameters.fromNameAndType(MemberCounts.STORE, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw ApiException.unavailable("statistics are not queryable yet: " + e.getMessage());
        }
    }

    private Iterable<StreamsMetadata> peers() {
        return streams.metadataForAllStreamsClients().stream()
                .filter(i -> !i.hostInfo().equals(self) && i.hostInfo().port() > 0)
                .toList();
    }

    /** {@code <member>|received} = 3, {@code <member>|rejected|CODE} = 1, ... as the answer's members. */
    private static void totals(ObjectNode members, Map<String, Long> totals) {
        totals.forEach((key, n) -> {
            String[] parts = key.split("\\|");
            ObjectNode member =
                    members.has(parts[0]) ? (ObjectNode) members.get(parts[0]) : members.putObject(parts[0]);
            if (parts.length == 3) {
                ObjectNode by = member.has(parts[1]) ? (ObjectNode) member.get(parts[1]) : member.putObject(parts[1]);
                by.put(parts[2], by.path(parts[2]).asLong() + n);
            } else {
                member.put(parts[1], member.path(parts[1]).asLong() + n);
            }
        });
    }

    private static void merge(ObjectNode into, JsonNode from) {
        for (Map.Entry<String, JsonNode> member : from.properties()) {
            ObjectNode target = into.has(member.getKey())
                    ? (ObjectNode) into.get(member.getKey())
                    : into.putObject(member.getKey());
            member.getValue().properties().forEach(f -> {
                if (f.getValue().isObject()) {
                    ObjectNode by =
                            target.has(f.getKey()) ? (ObjectNode) target.get(f.getKey()) : target.putObject(f.getKey());
                    f.getValue()
                            .properties()
                            .forEach(c -> by.put(
                                    c.getKey(),
                                    by.path(c.getKey()).asLong() + c.getValue().asLong()));
                } else {
                    target.put(
                            f.getKey(),
                            target.path(f.getKey()).asLong() + f.getValue().asLong());
                }
            });
        }
    }
}
