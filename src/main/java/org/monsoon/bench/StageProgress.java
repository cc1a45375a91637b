package org.monsoon.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far each stage of the pipeline has got, from the application's committed input offsets, sampled
 * every 250 ms: the member topics (ingest, which takes each report through deduplication and the
 * sightings fan-out in the same task), {@code dedup-by-report} (the reports that had to move to the
 * partition where their versions meet: none when their producers partition by report_id as Kafka's
 * default partitioner does), {@code sightings-by-indicator} (correlate) and
 * {@code campaign-correlations} (campaign). A committed offset is what a stage has finished under
 * exactly-once, so a stage's steady rate, and the time it drained its input, are read off the samples.
 * The pipeline is as fast as its slowest stage: measuring only the first hop (accepted reports) would
 * hide a later stage's backlog.
 */
final class StageProgress implements AutoCloseable {
    /** The stages, in data-flow order, and how their input topics are recognised. */
    enum Stage {
        INGEST,
        REROUTED,
        CORRELATE,
        CAMPAIGN;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Stage of(String topic, String applicationId, Set<String> memberTopics) {
            if (memberTopics.contains(topic)) {
                return INGEST;
            }
            if (!topic.startsWith(applicationId + "-")) {
                return null;
            }
            if (topic.contains("dedup-by-report")) {
                return REROUTED;
            }
            if (topic.contains("sightings-by-indicator")) {
                return CORRELATE;
            }
            return topic.contains("campaign-correlations") ? CAMPAIGN : null;
        }
    }

    /**
     * One stage's progress over a run: its own rate between 10% and 90% of its input, when it first
     * committed progress, and when it had committed all of its input (seconds since the run started).
     */
    record Figures(
            Stage stage, long records, double reportsPerSecond, double startedAtSeconds, double drainedAtSeconds) {}

    private record Sample(long nanos, Map<Stage, Long> committed) {}

    private final Admin admin;
    private final String applicationId;
    private final Set<String> memberTopics;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    StageProgress(Map<String, Object> clientConfig, String applicationId, Set<String> memberTopics) {
        this.admin = Admin.create(clientConfig);
        this.applicationId = applicationId;
        this.memberTopics = memberTopics;
        try {
            sample(); // a first sample before the run starts, however late the thread gets scheduled
        } catch (Exception e) {
            // the group may not exist yet: the thread's samples follow
        }
        thread = new Thread(this::loop, "bench-stage-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                sample();
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a slow or failed admin call leaves a gap in the samples, nothing more
            }
        }
    }

    private void sample() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata()
                .get(5, TimeUnit.SECONDS);
        Map<Stage, Long> committed = new LinkedHashMap<>();
        offsets.forEach((partition, offset) -> {
            Stage stage = Stage.of(partition.topic(), applicationId, memberTopics);
            if (stage != null && offset != null) {
                committed.merge(stage, offset.offset(), Long::sum);
            }
        });
        synchronized (samples) {
            samples.add(new Sample(System.nanoTime(), committed));
        }
    }

    /**
     * Each stage's figures for a run of {@code reports} reports that started at {@code startNanos}: its
     * steady rate between 10% and 90% of its input, in reports per second (its records scaled by
     * reports over records), when it first committed progress, and when it had committed all of it.
     */
    List<Figures> figures(long reports, long startNanos) {
        try {
            sample();
        } catch (Exception e) {
            // the samples taken so far still tell
        }
        List<Figures> out = new ArrayList<>();
        synchronized (samples) {
            for (Stage stage : Stage.values()) {
                long total = samples.isEmpty()
                        ? 0
                        : samples.get(samples.size() - 1).committed().getOrDefault(stage, 0L);
                if (total <= 0) {
                    continue;
                }
                // From the last sample at or below 10% to the first at or above 90%: the window spans
                // at least one sampling interval however fast the stage was.
                Sample from = lastAtMost(stage, (long) Math.floor(total * 0.1));
                Sample to = firstReaching(stage, (long) Math.ceil(total * 0.9));
                Sample done = firstReaching(stage, total);
                Sample started = firstReaching(stage, 1);
                double seconds = (to.nanos() - from.nanos()) / 1e9;
                long records = to.committed().get(stage) - from.committed().getOrDefault(stage, 0L);
                double rate = seconds <= 0 ? Double.NaN : records * ((double) reports / total) / seconds;
                out.add(new Figures(
                        stage, total, rate, (started.nanos() - startNanos) / 1e9, (done.nanos() - startNanos) / 1e9));
            }
        }
        return out;
    }

    /**
     * Seconds since any stage's committed offsets last moved: a stage that still has input commits
     * every commit interval, so a few seconds without a move means every stage has drained its input.
     */
    double secondsSinceProgress() {
        synchronized (samples) {
            if (samples.isEmpty()) {
                return 0;
            }
            Sample last = samples.get(samples.size() - 1);
            long since = last.nanos();
            for (int i = samples.size() - 2;
                    i >= 0 && samples.get(i).committed().equals(last.committed());
                    i--) {
                since = samples.get(i).nanos();
            }
            return (System.nanoTime() - since) / 1e9;
        }
    }

    private Sample lastAtMost(Stage stage, long value) {
        Sample found = samples.get(0);
        for (Sample s : samples) {
            if (s.committed().getOrDefault(stage, 0L) <= value) {
                found = s;
            }
        }
        return found;
    }

    private Sample firstReaching(Stage stage, long value) {
        for (Sample s : samples) {
            if (s.committed().getOrDefault(stage, 0L) >= value) {
                return s;
            }
        }
        return samples.get(samples.size() - 1);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close();
    }
}
