package org.monsoon.testing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The suite's one way to wait: poll a condition until it holds or a deadline passes, then say what was
 * last seen. No fixed sleeps: a test waits exactly as long as the system needs, and fails with a reason.
 */
public final class Await {
    private Await() {}

    /** Polls {@code probe} (every 100 ms, backing off to 1 s) until {@code done}; returns the value that was. */
    public static <T> T until(Supplier<T> probe, Predicate<T> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 100;
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
            }
            sleep(pause);
            pause = Math.min(1_000, pause * 2);
            last = probe.get();
        }
        return last;
    }

    /**
     * Until the consumer group {@code groupId} has committed every record of every partition it reads:
     * under exactly-once nothing more can then come out of what was fed in. (Wall-clock punctuations,
     * such as the advisory flush, are not covered: wait for their output itself.)
     */
    public static void quiescent(String bootstrap, String groupId, Duration timeout) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            until(() -> lag(admin, groupId), lag -> lag == 0, timeout, "group " + groupId + " to consume everything");
        }
    }

    private static long lag(Admin admin, String groupId) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            if (committed.isEmpty()) {
                return Long.MAX_VALUE;
            }
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(
                            latest,
                            new org.apache.kafka.clients.admin.ListOffsetsOptions(
                                    org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : committed.entrySet()) {
                lag += Math.max(
                        0,
                        ends.get(e.getKey()).offset()
                                - (e.getValue() == null ? 0 : e.getValue().offset()));
            }
            return lag;
        } catch (Exception e) {
            return Long.MAX_VALUE;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
