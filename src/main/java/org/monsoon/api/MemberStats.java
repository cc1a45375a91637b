package org.monsoon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Per-member report and rejection counts for the dashboard. Each instance counts what it processed,
 * so the region's figures are the sum over every instance. For the charts, each instance also keeps
 * its counts every {@link #SAMPLE_SECONDS} seconds for the last hour, at times aligned to the interval
 * so that instances' samples add up.
 */
final class MemberStats {
    static final int SAMPLE_SECONDS = 10;
    private static final int SAMPLES = 360;

    private final Deque<ObjectNode> samples = new ArrayDeque<>();
    private final MeterRegistry registry;
    private final KafkaStreams streams;
    private final HostInfo self;
    private final Peers peers;

    MemberStats(MeterRegistry registry, KafkaStreams streams, HostInfo self, Peers peers) {
        this.registry = registry;
        this.streams = streams;
        this.self = self;
        this.peers = peers;
    }

    JsonNode stats(boolean local) {
        ObjectNode members = localCounts();
        if (!local) {
            for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
                if (!instance.hostInfo().equals(self) && instance.hostInfo().port() > 0) {
                    merge(members, peers.get(instance.hostInfo(), "/api/stats").path("members"));
                }
            }
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("members", members);
        return answer;
    }

    private ObjectNode localCounts() {
        ObjectNode members = JsonNodeFactory.instance.objectNode();
        add(members, "received", "monsoon.reports.received", null);
        add(members, "duplicates", "monsoon.reports.duplicate", null);
        add(members, "rejected", "monsoon.reports.rejected", "code");
        return members;
    }

    /** Records this instance's counts now, at {@code epochSecond} rounded down to the interval. */
    synchronized void sample(long epochSecond) {
        ObjectNode sample = JsonNodeFactory.instance.objectNode().put("t", epochSecond - epochSecond % SAMPLE_SECONDS);
        sample.set("members", localCounts());
        if (!samples.isEmpty()
                && samples.peekLast().get("t").asLong() == sample.get("t").asLong()) {
            samples.pollLast();
        }
        samples.addLast(sample);
        while (samples.size() > SAMPLES) {
            samples.pollFirst();
        }
    }

    /**
     * The counts over the last hour, cumulative, oldest first: {@code {interval_s, samples: [{t, members}]}},
     * summed over every instance unless {@code local}.
     */
    JsonNode history(boolean local) {
        TreeMap<Long, ObjectNode> byTime = new TreeMap<>();
        synchronized (this) {
            samples.forEach(
                    s -> byTime.put(s.get("t").asLong(), s.get("members").deepCopy()));
        }
        if (!local) {
            for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
                if (!instance.hostInfo().equals(self) && instance.hostInfo().port() > 0) {
                    for (JsonNode peer :
                            peers.get(instance.hostInfo(), "/api/stats/history").path("samples")) {
                        ObjectNode into = byTime.computeIfAbsent(
                                peer.get("t").asLong(), t -> JsonNodeFactory.instance.objectNode());
                        merge(into, peer.path("members"));
                    }
                }
            }
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("interval_s", SAMPLE_SECONDS);
        ArrayNode list = answer.putArray("samples");
        byTime.forEach((t, members) -> list.addObject().put("t", t).set("members", members));
        return answer;
    }

    private void add(ObjectNode members, String field, String meter, String byTag) {
        for (Counter counter : registry.find(meter).counters()) {
            String reporter = counter.getId().getTag("reporter");
            if (reporter == null) {
                continue;
            }
            ObjectNode member =
                    members.has(reporter) ? (ObjectNode) members.get(reporter) : members.putObject(reporter);
            if (byTag == null) {
                member.put(field, member.path(field).asLong() + (long) counter.count());
            } else {
                ObjectNode by = member.has(field) ? (ObjectNode) member.get(field) : member.putObject(field);
                String tag = counter.getId().getTag(byTag);
                by.put(tag, by.path(tag).asLong() + (long) counter.count());
            }
        }
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
