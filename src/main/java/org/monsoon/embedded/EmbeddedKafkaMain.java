package org.monsoon.embedded;

import java.nio.file.Path;

/**
 * Runs the embedded broker alone in its own JVM, for benchmarks that must not count the broker's heap
 * as the pipeline's: prints {@code READY <bootstrap>} and stops when its standard input closes.
 */
public final class EmbeddedKafkaMain {
    private EmbeddedKafkaMain() {}

    public static void main(String[] args) throws Exception {
        try (EmbeddedKafka kafka =
                new EmbeddedKafka(Path.of(args[0]), "127.0.0.1", Integer.parseInt(args[1])).start()) {
            System.out.println("READY " + kafka.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our input
            }
        }
    }
}
