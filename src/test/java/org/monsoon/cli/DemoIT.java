package org.monsoon.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.monsoon.testing.MonsoonProcess;

/** The newcomer's first command, as they run it: the jar's demo prints its addresses and stops cleanly. */
class DemoIT {

    @Test
    void demoPrintsItsAddressesReportsArrivingAndStopsCleanlyOnSigterm() throws Exception {
        Path dir = Files.createTempDirectory("demo-it");
        MonsoonProcess demo = MonsoonProcess.start(dir.resolve("demo.log"), List.of("demo", "--kafka-port", "0",
                "--registry-port", "0", "--http-port", "0", "--rate", "20", "--data-dir", dir.resolve("data").toString()));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String output = "";
            while (System.nanoTime() < deadline && !output.contains("received")) {
                Thread.sleep(500);
                output = demo.output();
            }
            assertTrue(output.matches("(?s).*Kafka: +127\\.0\\.0\\.1:\\d+.*"), output);
            assertTrue(output.matches("(?s).*Schema registry: +http://127\\.0\\.0\\.1:\\d+.*"), output);
            assertTrue(output.matches("(?s).*HTTP: +http://127\\.0\\.0\\.1:\\d+.*"), output);
            assertTrue(output.matches("(?s).*reports sent \\d+ \\| received [1-9]\\d*.*"), "reports arrive: " + output);
        } finally {
            assertTrue(demo.stop(Duration.ofSeconds(60)), "demo stops on SIGTERM within 60 s");
        }
        String output = demo.output();
        assertTrue(output.contains("Monsoon demo stopped."), output);
        assertTrue(output.contains("Embedded Kafka broker stopped"), output);
    }
}
