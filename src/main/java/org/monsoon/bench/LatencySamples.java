package org.monsoon.bench;

import java.util.Arrays;

/**
 * Every report-to-advisory latency of a run's measured part, in milliseconds, so that its percentiles
 * are exact (nearest rank), not a histogram's bucket bounds: at 500 reports/s a bucket bound of
 * 1,431 ms could not tell 1.1 s from 1.4 s. A run measures tens of thousands of reports: a few hundred
 * KB. Thread-safe: the campaign stage records, the bench reads.
 */
final class LatencySamples {
    private long[] values = new long[1 << 12];
    private int size;
    private volatile boolean recording;

    /** From now on, latencies are kept. */
    void start() {
        recording = true;
    }

    /** One report reached its advisory {@code millis} after it was sent (ignored before {@link #start}). */
    synchronized void add(long millis) {
        if (!recording) {
            return;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = Math.max(0, millis);
    }

    synchronized int size() {
        return size;
    }

    /** The {@code q} quantile (0 < q <= 1) by nearest rank, or -1 when nothing was kept. */
    synchronized long quantile(double q) {
        if (size == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * size);
        return sorted[Math.min(size, Math.max(1, rank)) - 1];
    }
}
