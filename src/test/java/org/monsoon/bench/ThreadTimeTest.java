package org.monsoon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThreadTimeTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private AtomicLong counter(String name, String client) {
        AtomicLong value = new AtomicLong();
        FunctionCounter.Builder<AtomicLong> builder = FunctionCounter.builder(name, value, AtomicLong::doubleValue);
        if (client != null) {
            builder.tag("client.id", client);
        }
        builder.register(registry);
        return value;
    }

    @Test
    void countsTheStreamThreadsClientsOnlyBetweenTwoSnapshots() {
        AtomicLong blocked = counter("kafka.stream.thread.blocked.time.ns.total", null);
        AtomicLong flush = counter("kafka.producer.flush.time.ns.total", "app-1a2b-StreamThread-1-producer");
        AtomicLong mainWait = counter("kafka.consumer.io.wait.time.ns.total", "app-1a2b-StreamThread-2-consumer");
        AtomicLong globalWait =
                counter("kafka.consumer.io.wait.time.ns.total", "app-1a2b-GlobalStreamThread-global-consumer");
        AtomicLong restoreWait =
                counter("kafka.consumer.io.wait.time.ns.total", "app-1a2b-StreamThread-1-restore-consumer");
        AtomicLong commits = counter("kafka.stream.thread.commit.total", null);
        AtomicLong fetches = counter("kafka.consumer.fetch.manager.fetch.total", "app-1a2b-StreamThread-1-consumer");
        AtomicLong globalFetches =
                counter("kafka.consumer.fetch.manager.fetch.total", "app-1a2b-GlobalStreamThread-global-consumer");
        blocked.set(5_000_000_000L); // before the run: start-up does not count
        commits.set(7);

        ThreadTime.Snapshot before = ThreadTime.snapshot(registry);
        blocked.addAndGet(2_500_000_000L);
        flush.addAndGet(1_000_000_000L);
        mainWait.addAndGet(500_000_000L);
        globalWait.addAndGet(9_000_000_000L);
        restoreWait.addAndGet(9_000_000_000L);
        commits.addAndGet(30);
        fetches.addAndGet(120);
        globalFetches.addAndGet(1_000);
        ThreadTime.Interval interval = ThreadTime.between(before, ThreadTime.snapshot(registry));

        assertEquals(2.5, interval.seconds().get("blocked"), 1e-9);
        assertEquals(1.0, interval.seconds().get("producer flush"), 1e-9);
        assertEquals(0.5, interval.seconds().get("consumer io wait"), 1e-9, "global and restore consumers excluded");
        assertEquals(0.0, interval.seconds().get("txn commit"), 1e-9, "a timer no client reports reads 0");
        assertEquals(30.0, interval.counts().get("commits"), 1e-9);
        assertEquals(120.0, interval.counts().get("fetches"), 1e-9, "the global consumer's excluded");
        assertEquals(0.0, interval.counts().get("producer requests"), 1e-9);
        assertTrue(interval.wallSeconds() >= 0);
        assertTrue(interval.describe().startsWith("blocked on Kafka 2.5 s of "), interval.describe());
        assertTrue(interval.describe().contains("producer flush 1.0 s"), interval.describe());
        assertTrue(interval.describe().contains("commits 30"), interval.describe());
    }
}
