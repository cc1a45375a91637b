package org.monsoon.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Samples a run every 20 ms: how many outputs have arrived, the CPU time of this JVM and of the broker,
 * and this JVM's used heap. A steady-state window is then read off the samples: from when a given
 * share of the outputs had arrived to when another had, so that start-up (rebalance, first
 * transactions, JIT) and the drain at the end are left out of the figures.
 */
final class RunSampler implements AutoCloseable {
    /** One sample. */
    record Sample(long nanos, long outputs, long selfCpu, long brokerCpu) {}

    /** What happened between two samples. */
    record Window(double seconds, long outputs, double selfCpuMs, double brokerCpuMs) {
        double perSecond() {
            return outputs / seconds;
        }

        /** Machine CPU (pipeline JVM plus broker) per output, in ms; NaN when the broker's is unknown. */
        double cpuMsPerOutput() {
            return brokerCpuMs < 0 ? Double.NaN : (selfCpuMs + brokerCpuMs) / outputs;
        }
    }

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<Sample> samples = new ArrayList<>();
    private final LongSupplier outputs;
    private final OptionalLong brokerPid;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakHeap;

    RunSampler(LongSupplier outputs, OptionalLong brokerPid) {
        this.outputs = outputs;
        this.brokerPid = brokerPid;
        System.gc();
        sample(); // a baseline from before the run starts, however late the sampler thread gets scheduled
        thread = new Thread(
                () -> {
                    while (running) {
                        sample();
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "bench-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        Sample s = new Sample(System.nanoTime(), outputs.getAsLong(), ProcessCpu.self(), ProcessCpu.of(brokerPid));
        peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
        synchronized (samples) {
            samples.add(s);
        }
    }

    long peakHeapBytes() {
        return peakHeap;
    }

    /**
     * The window from the last sample with at most {@code from} outputs to the first with at least
     * {@code to}: it spans at least the outputs between them, however fast they came. A fresh sample is
     * taken first: the caller has usually just seen the last outputs arrive, possibly between two samples.
     */
    Window window(long from, long to) {
        sample();
        Sample a = null;
        Sample b = null;
        synchronized (samples) {
            for (Sample s : samples) {
                if (a == null || s.outputs() <= from) {
                    a = s; // the first sample, then the latest at or below `from`
                }
                if (b == null && s.outputs() >= to) {
                    b = s;
                }
            }
            if (b == null && !samples.isEmpty()) {
                b = samples.get(samples.size() - 1);
            }
        }
        if (a == null || b == null || b.nanos() <= a.nanos() || b.outputs() <= a.outputs()) {
            throw new IllegalStateException("no steady-state window between " + from + " and " + to + " outputs");
        }
        return between(a, b);
    }

    /** From the first sample to the latest: the whole run, start-up and drain included. */
    Window whole() {
        sample();
        synchronized (samples) {
            return between(samples.get(0), samples.get(samples.size() - 1));
        }
    }

    /** What happened from sample {@code a} to sample {@code b}. */
    private static Window between(Sample a, Sample b) {
        double broker = a.brokerCpu() < 0 || b.brokerCpu() < 0 ? -1 : (b.brokerCpu() - a.brokerCpu()) / 1e6;
        return new Window(
                (b.nanos() - a.nanos()) / 1e9, b.outputs() - a.outputs(), (b.selfCpu() - a.selfCpu()) / 1e6, broker);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        sample();
    }
}
