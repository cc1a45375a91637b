package org.monsoon.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time used so far by this JVM and by another process (the embedded broker), in nanoseconds. This
 * JVM's comes from the platform MXBean; another process's from {@code /proc/<pid>/stat} (user plus
 * system time in clock ticks of 1/100 s, the Linux default). Unknown figures are -1.
 */
final class ProcessCpu {
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu() {}

    static long self() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static long of(OptionalLong pid) {
        if (pid.isEmpty()) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid.getAsLong()), "stat"));
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
