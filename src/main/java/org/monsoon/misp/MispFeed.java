package org.monsoon.misp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the events of an import are: one event file; a directory of them; or a MISP feed, whose
 * {@code manifest.json} names each event by uuid, stored beside it as {@code <uuid>.json}.
 */
public final class MispFeed {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F-]{36}");

    private MispFeed() {}

    /** The event documents to import, in a stable order. */
    public static List<Path> documents(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Path manifest = path.resolve("manifest.json");
            if (Files.isRegularFile(manifest)) {
                return fromManifest(manifest);
            }
            try (Stream<Path> files = Files.list(path)) {
                List<Path> events = files.filter(f -> f.getFileName().toString().endsWith(".json"))
                        .filter(Files::isRegularFile)
                        .sorted()
                        .toList();
                if (events.isEmpty()) {
                    throw new IOException(path + ": no .json event files");
                }
                return events;
            }
        }
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        return path.getFileName().toString().equals("manifest.json") ? fromManifest(path) : List.of(path);
    }

    private static List<Path> fromManifest(Path manifest) throws IOException {
        if (Files.size(manifest) > MispImporter.MAX_EVENT_BYTES) {
            throw new IOException(manifest + ": larger than " + MispImporter.MAX_EVENT_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(manifest.toFile());
        } catch (IOException e) {
            throw new IOException(manifest + ": not a MISP feed manifest (not valid JSON)");
        }
        if (root == null || !root.isObject()) {
            throw new IOException(manifest + ": not a MISP feed manifest ({\"<event uuid>\": {...}, ...})");
        }
        List<Path> events = new ArrayList<>();
        for (Iterator<String> uuids = root.fieldNames(); uuids.hasNext(); ) {
            String uuid = uuids.next();
            if (!UUID.matcher(uuid).matches()) {
                throw new IOException(manifest + ": '" + uuid + "' is not an event uuid");
            }
            events.add(manifest.resolveSibling(uuid + ".json"));
        }
        events.sort(null);
        return events;
    }
}
