package org.monsoon.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.monsoon.testing.MonsoonProcess;
import org.monsoon.testing.TestDirs;

/**
 * The newcomer's first command, as they run it: the jar's demo prints its addresses, walks through
 * every path (duplicate, dead letters, RED, merge, expiry) within about a minute, says so in its status
 * line, shows no client warnings, and stops cleanly.
 */
class DemoIT {

    @Test
    void demoPrintsItsAddressesReportsArrivingAndStopsCleanlyOnSigterm() throws Exception {
        Path dir = TestDirs.create("demo-it");
        MonsoonProcess demo = MonsoonProcess.start(
                dir.resolve("demo.log"),
                List.of(
                        "demo",
                        "--kafka-port",
                        "0",
                        "--registry-port",
                        "0",
                        "--http-port",
                        "0",
                        "--rate",
                        "5",
                        "--data-dir",
                        dir.resolve("data").toString()));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String output = "";
            while (System.nanoTime() < deadline && !output.contains("received")) {
                Thread.sleep(500);
                output = demo.output();
            }
            // The tour shows every path within about a minute of the feed starting.
            long tour = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < tour && !output.matches("(?s).*merged [1-9]\\d*, expired [1-9].*")) {
                Thread.sleep(1000);
                output = demo.output();
            }
            assertTrue(
                    output.matches("(?s).*duplicates [1-9]\\d*, dead-lettered [2-9]\\d*, restricted [1-9].*"), output);
            assertTrue(output.matches("(?s).*merged [1-9]\\d*, expired [1-9].*"), "a merge and an expiry: " + output);
            assertTrue(output.contains("tour: ") && output.contains("the two advisories merge"), output);
            assertTrue(
                    output.lines()
                            .noneMatch(l -> l.matches(".*WARN +(NetworkClient|Metadata|\\w*Coordinator|\\w*Config"
                                    + "|KafkaProducer|KafkaConsumer|\\w*Fetcher|Sender|TransactionManager) - .*")),
                    "no Kafka client warnings for a newcomer: " + output);
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
