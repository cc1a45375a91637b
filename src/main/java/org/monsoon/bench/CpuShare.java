package org.monsoon.bench;

import java.util.OptionalLong;

/**
 * How much CPU the pipeline's JVM and the broker used while reports were offered at a fixed rate, in
 * cores, and per report. At a paced rate the machine's cost per report is not the main run's: the
 * broker's work per request does not shrink with the records in it, so it can take as much of the two
 * cores as the pipeline, and what it takes the stream thread waits for.
 *
 * @param pipelineCores this JVM's CPU over the wall time (1.0 is one core busy all the time)
 * @param brokerCores the broker's, or negative when it is not a local process
 * @param msPerReport both together per report offered, in milliseconds
 */
record CpuShare(double pipelineCores, double brokerCores, double msPerReport) {
    /** The moment the measured part started. */
    record Start(long selfNanos, long brokerNanos, long wallNanos, OptionalLong brokerPid) {
        /** The share since the start, over {@code reports} offered since. */
        CpuShare end(long reports) {
            double wall = System.nanoTime() - wallNanos;
            double self = ProcessCpu.self() - selfNanos;
            long brokerNow = brokerNanos < 0 ? -1 : ProcessCpu.of(brokerPid);
            double broker = brokerNow < 0 ? -1 : brokerNow - brokerNanos; // unknown, or the broker is gone
            double machine = self + Math.max(0, broker);
            return new CpuShare(
                    self / wall, broker < 0 ? -1 : broker / wall, reports <= 0 ? 0 : machine / 1e6 / reports);
        }
    }

    static Start start(OptionalLong brokerPid) {
        return new Start(ProcessCpu.self(), ProcessCpu.of(brokerPid), System.nanoTime(), brokerPid);
    }

    /** For the report, e.g. {@code pipeline JVM 1.05 cores, broker 0.63 cores: 0.84 ms per report}. */
    String describe() {
        return brokerCores < 0
                ? String.format("pipeline JVM %.2f cores: %.3f ms per report", pipelineCores, msPerReport)
                : String.format(
                        "pipeline JVM %.2f cores, broker %.2f cores: %.3f ms machine CPU per report",
                        pipelineCores, brokerCores, msPerReport);
    }
}
