package org.monsoon.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * How long this JVM's JIT compilers have worked: the bench warms up until they settle, and says how
 * much they still worked inside each measured run. On two cores a compiler thread busy for a fifth of a
 * run takes that much CPU from the pipeline, and the profile said it did (the C2 thread used 9.7 s of a
 * 50 s main run after a 20,000-report warm-up), so a figure measured while the JIT still works is not a
 * steady state. The time is the JVM's own accumulated compilation time, summed over compiler threads.
 */
final class JitClock {
    /**
     * A round in which the compilers worked less than this share of its wall time leaves the JIT settled:
     * what it still compiles then are rare paths and recompilations.
     */
    static final double SETTLED_SHARE = 0.05;

    private final CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
    private final long startMillis;
    private final long startNanos;

    private JitClock(long startMillis, long startNanos) {
        this.startMillis = startMillis;
        this.startNanos = startNanos;
    }

    /** Starts timing now; a JVM that does not report compilation time reads as never compiling. */
    static JitClock start() {
        CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
        return new JitClock(compiledMillis(bean), System.nanoTime());
    }

    /** Seconds of compilation since the start. */
    double compileSeconds() {
        return (compiledMillis(bean) - startMillis) / 1e3;
    }

    /** The share of the wall time since the start that the compilers worked. */
    double share() {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        return wall <= 0 ? 0 : compileSeconds() / wall;
    }

    private static long compiledMillis(CompilationMXBean bean) {
        return bean != null && bean.isCompilationTimeMonitoringSupported() ? bean.getTotalCompilationTime() : 0;
    }
}
