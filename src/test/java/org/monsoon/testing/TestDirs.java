package org.monsoon.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.utils.Utils;

/**
 * Temporary directories for brokers, registries and state stores in tests, deleted when the test JVM
 * exits: a full run of the suite otherwise leaves gigabytes of broker logs and RocksDB files behind in
 * the temporary directory. Deleted at exit rather than after each test, because a shared broker or an
 * application closing in the background may still be writing to them.
 */
public final class TestDirs {
    private static final List<Path> CREATED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDirs::deleteAll, "test-dirs-clean-up"));
    }

    private TestDirs() {}

    /** A new empty directory named {@code prefix...} under the system's temporary directory. */
    public static Path create(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        CREATED.add(dir);
        return dir;
    }

    private static void deleteAll() {
        for (Path dir : CREATED) {
            try {
                Utils.delete(dir.toFile());
            } catch (IOException | RuntimeException e) {
                // Best effort at exit: a file still held open is left for the system's own clean-up.
            }
        }
    }
}
