package org.monsoon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.monsoon.advisory.AdvisoryStore;
import org.monsoon.schema.Advisory;
import org.monsoon.serde.AvroJson;

/**
 * Advisories through Kafka Streams interactive queries on {@code advisory-by-id}. One id is answered by
 * the instance that owns its partition ({@code queryMetadataForKey}); a listing gathers every
 * instance's part and then filters, sorts (newest first) and pages it here.
 */
final class AdvisoryQueries {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final Peers peers;

    AdvisoryQueries(KafkaStreams streams, HostInfo self, Peers peers) {
        this.streams = streams;
        this.self = self;
        this.peers = peers;
    }

    /**
     * One advisory rendered by {@code render} on the instance that owns it ({@code suffix} is the rest
     * of the path, e.g. {@code /stix}, used when the request is forwarded); 404 when no instance has it.
     */
    JsonNode byId(String given, boolean local, String suffix, Function<Advisory, JsonNode> render) {
        String id = resolve(given, local);
        if (!local) {
            KeyQueryMetadata owner = streams.queryMetadataForKey(AdvisoryStore.NAME, id, new StringSerializer());
            if (owner == null
                    || owner.activeHost() == null
                    || owner.activeHost().port() < 0) {
                throw ApiException.unavailable("advisories are not queryable yet (rebalancing)");
            }
            if (!owner.activeHost().equals(self)) {
                return peers.get(
                        owner.activeHost(),
                        "/api/advisories/"
                                + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + suffix);
            }
        }
        Advisory advisory = store().get(id);
        if (advisory == null) {
            throw ApiException.notFound("no such advisory: " + id);
        }
        return render.apply(advisory);
    }

    /**
     * The advisory id {@code given} names: itself when it is a whole id, else the one id it is a prefix
     * of (at least {@link AdvisoryIds#MIN_HEX_DIGITS} hex digits), looked up on every instance; 404 when
     * none, 409 with the candidates when several.
     */
    String resolve(String given, boolean local) {
        if (AdvisoryIds.whole(given)) {
            return given.toLowerCase(java.util.Locale.ROOT);
        }
        String prefix = AdvisoryIds.prefix(given);
        if (prefix == null) {
            throw ApiException.notFound("no such advisory: " + given
                    + " (an advisory is named by its id or at least " + AdvisoryIds.MIN_HEX_DIGITS
                    + " of its first hex digits)");
        }
        java.util.TreeSet<String> ids = new java.util.TreeSet<>();
        list(AdvisoryFilter.idPrefix(prefix), local)
                .path("advisories")
                .forEach(a -> ids.add(a.path("advisory_id").asText()));
        return AdvisoryIds.choose(given, ids);
    }

    /** Every advisory matching the filter, from every instance, newest first, one page. */
    ObjectNode list(AdvisoryFilter filter, boolean local) {
        List<JsonNode> matches = new ArrayList<>(localMatches(filter));
        if (!local) {
            for (StreamsMetadata instance : streams.streamsMetadataForStore(AdvisoryStore.NAME)) {
                if (!instance.hostInfo().equals(self)) {
                    peers.get(instance.hostInfo(), "/api/advisories?" + filter.query() + "&limit=" + Integer.MAX_VALUE)
                            .path("advisories")
                            .forEach(matches::add);
                }
            }
        }
        matches.sort(Comparator.comparing((JsonNode a) -> a.path("updated_at").asText())
                .reversed()
                .thenComparing(a -> a.path("advisory_id").asText()));
        ObjectNode page = JsonNodeFactory.instance.objectNode();
        page.put("total", matches.size()).put("offset", filter.offset()).put("limit", filter.limit());
        ArrayNode items = page.putArray("advisories");
        matches.stream().skip(filter.offset()).limit(filter.limit()).forEach(items::add);
        return page;
    }

    private List<JsonNode> localMatches(AdvisoryFilter filter) {
        List<JsonNode> out = new ArrayList<>();
        try (KeyValueIterator<String, Advisory> all = store().all()) {
            while (all.hasNext()) {
                Advisory advisory = all.next().value;
                if (advisory != null && filter.test(advisory)) {
                    out.add(AvroJson.toJson(advisory));
                }
            }
        }
        return out;
    }

    private ReadOnlyKeyValueStore<String, Advisory> store() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw ApiException.unavailable("stores are not queryable: Kafka Streams is " + streams.state());
        }
        try {
            return streams.store(
                    StoreQueryParameters.fromNameAndType(AdvisoryStore.NAME, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw ApiException.unavailable("stores are not queryable yet: " + e.getMessage());
        }
    }
}
