package org.monsoon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.monsoon.correlate.CorrelateProcessor;
import org.monsoon.correlate.IndicatorKey;
import org.monsoon.ingest.CanonicalisationException;
import org.monsoon.ingest.Canonicaliser;
import org.monsoon.schema.IndicatorState;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.WarninglistEntry;
import org.monsoon.warninglist.WarninglistStore;

/**
 * "Who else has seen this?": the members that reported an indicator within the window, from the
 * correlate stage's store on the instance that owns the indicator. Only shareable reports ever reach
 * that store, so an indicator seen only in RED or AMBER_STRICT reports reads as never seen.
 */
final class IndicatorQueries {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final Peers peers;

    IndicatorQueries(KafkaStreams streams, HostInfo self, Peers peers) {
        this.streams = streams;
        this.self = self;
        this.peers = peers;
    }

    JsonNode lookup(String typeText, String rawValue, boolean local) {
        IndicatorType type;
        try {
            type = IndicatorType.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(
                    "type: '" + typeText + "' is not one of " + java.util.Arrays.toString(IndicatorType.values()));
        }
        String value;
        try {
            value = Canonicaliser.canonical(type, rawValue);
        } catch (CanonicalisationException e) {
            throw ApiException.badRequest("value: " + e.getMessage());
        }
        String key = IndicatorKey.of(type, value);
        if (!local) {
            KeyQueryMetadata owner = streams.queryMetadataForKey(CorrelateProcessor.STORE, key, new StringSerializer());
            if (owner == null
                    || owner.activeHost() == null
                    || owner.activeHost().port() < 0) {
                throw ApiException.unavailable("indicators are not queryable yet (rebalancing)");
            }
            if (!owner.activeHost().equals(self)) {
                return peers.get(
                        owner.activeHost(),
                        "/api/indicators/" + type + "/"
                                + URLEncoder.encode(value, StandardCharsets.UTF_8)
                                        .replace("+", "%20"));
            }
        }
        IndicatorState state =
                this.<IndicatorState>store(CorrelateProcessor.STORE).get(key);
        ObjectNode answer =
                JsonNodeFactory.instance.objectNode().put("type", type.name()).put("value", value);
        ArrayNode members = answer.putArray("members");
        Map<String, long[]> spans = new TreeMap<>();
        if (state != null) {
            state.getMembers()
                    .forEach(m -> spans.put(m.getMember(), new long[] {
                        m.getTimes().get(0), m.getTimes().get(m.getTimes().size() - 1)
                    }));
        }
        spans.forEach((member, span) -> members.addObject()
                .put("member", member)
                .put("first_seen", Instant.ofEpochMilli(span[0]).toString())
                .put("last_seen", Instant.ofEpochMilli(span[1]).toString()));
        answer.put("correlated", state != null && state.getCorrelated());
        answer.put("hub", state != null && state.getCorrelated() && state.getHub());
        var listed = warninglist().match(type, value);
        answer.put("warninglisted", listed.isPresent());
        listed.ifPresent(entry -> answer.put("warninglist", entry.getList()));
        return answer;
    }

    private WarninglistStore warninglist() {
        ReadOnlyKeyValueStore<String, ValueAndTimestamp<WarninglistEntry>> global = store(WarninglistStore.STORE, true);
        return new WarninglistStore(global, System::currentTimeMillis);
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return store(name, false);
    }

    @SuppressWarnings("unchecked")
    private <V> ReadOnlyKeyValueStore<String, V> store(String name, boolean timestamped) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw ApiException.unavailable("stores are not queryable: Kafka Streams is " + streams.state());
        }
        try {
            return timestamped
                    ? (ReadOnlyKeyValueStore<String, V>) (Object) streams.store(StoreQueryParameters.fromNameAndType(
                            name, QueryableStoreTypes.<String, WarninglistEntry>timestampedKeyValueStore()))
                    : streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw ApiException.unavailable("stores are not queryable yet: " + e.getMessage());
        }
    }
}
