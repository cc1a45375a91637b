package org.monsoon.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The stable instance id a pipeline instance joins its group with (Kafka's static membership), kept in
 * its data directory: created on the first start, read on every later one. A restarted or crashed
 * instance then takes its own tasks back at once instead of waiting for its earlier incarnation's
 * session to time out; the id lives with the state it belongs to, so a data directory copied to a new
 * machine carries it, and two data directories never share one.
 */
public final class InstanceIds {
    /** The file, in the data directory, holding the id. */
    public static final String FILE = "instance-id";

    /** What an instance id may be: Kafka allows more, but an id also names things in logs. */
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private InstanceIds() {}

    /**
     * The data directory's instance id, created ({@code monsoon-<random>}) when it has none.
     *
     * @throws IllegalArgumentException when the file holds something that is not an instance id
     * @throws UncheckedIOException when the directory cannot be read or written
     */
    public static String stable(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                String id = "monsoon-" + UUID.randomUUID();
                try {
                    // Written under another name and moved, so that a crash never leaves half an id.
                    Path partial = Files.createTempFile(dataDir, FILE, ".tmp");
                    Files.writeString(partial, id + "\n", StandardCharsets.UTF_8);
                    Files.move(partial, file);
                    return id;
                } catch (FileAlreadyExistsException raced) {
                    // Another start created it first: that one is the id.
                }
            }
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!VALID.matcher(id).matches()) {
                throw new IllegalArgumentException(file + " does not hold an instance id (letters, digits, '.', '_'"
                        + " and '-', at most 200): delete it to have a new one created");
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the instance id in " + file + ": " + e.getMessage(), e);
        }
    }
}
