package org.monsoon.bench;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;

/**
 * Bytes on the brokers' disks per topic, from the brokers' own log-dir descriptions: what a run wrote to
 * every topic, changelogs and repartitions included, for the write amplification figure.
 */
final class TopicBytes {
    private TopicBytes() {}

    static long sum(Map<String, Object> clientConfig, Predicate<String> topics)
            throws ExecutionException, InterruptedException {
        return byTopic(clientConfig, topics).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    /** Bytes on disk of each matching topic, all partitions and replicas. */
    static Map<String, Long> byTopic(Map<String, Object> clientConfig, Predicate<String> topics)
            throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(clientConfig)) {
            var brokers = admin.describeCluster().nodes().get().stream()
                    .map(n -> n.id())
                    .toList();
            Map<String, Long> bytes = new java.util.TreeMap<>();
            for (Map<String, LogDirDescription> dirs :
                    admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (var entry : dir.replicaInfos().entrySet()) {
                        if (topics.test(entry.getKey().topic())) {
                            ReplicaInfo replica = entry.getValue();
                            bytes.merge(entry.getKey().topic(), replica.size(), Long::sum);
                        }
                    }
                }
            }
            return bytes;
        }
    }
}
