package org.monsoon.warninglist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.monsoon.schema.WarninglistEntry;
import org.monsoon.schema.WarninglistMatch;

/**
 * Reads a warninglist in MISP's format ({@code name}, {@code description}, {@code type} one of
 * {@code cidr string hostname substring regex}, {@code list}). Values that have no canonical form of
 * the list's type are skipped and counted, not fatal: public lists carry the odd malformed line.
 */
public final class MispWarninglist {
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    public static final int MAX_ENTRIES = 1_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A parsed list: its canonical entries and how many values were skipped. */
    public record Parsed(String name, List<WarninglistEntry> entries, int skipped) {}

    private MispWarninglist() {}

    public static Parsed read(InputStream in, Instant now) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IOException("warninglist larger than " + MAX_FILE_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IOException("not a MISP warninglist: not valid JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null
                || !root.isObject()
                || !root.path("list").isArray()
                || !root.path("name").isTextual()) {
            throw new IOException("not a MISP warninglist: needs 'name' and a 'list' array");
        }
        String name = root.path("name").asText();
        WarninglistMatch match = matchOf(root.path("type").asText("string"));
        String description =
                root.path("description").isTextual() ? root.path("description").asText() : null;
        JsonNode list = root.path("list");
        if (list.size() > MAX_ENTRIES) {
            throw new IOException(
                    "warninglist '" + name + "' has " + list.size() + " entries, more than " + MAX_ENTRIES);
        }
        List<WarninglistEntry> entries = new ArrayList<>(list.size());
        int skipped = 0;
        for (JsonNode item : list) {
            Optional<WarninglistEntry> entry = item.isTextual()
                    ? WarninglistEntries.entry(match, item.asText(), name, description, now)
                    : Optional.empty();
            if (entry.isPresent()) {
                entries.add(entry.get());
            } else {
                skipped++;
            }
        }
        return new Parsed(name, entries, skipped);
    }

    static WarninglistMatch matchOf(String type) throws IOException {
        try {
            return WarninglistMatch.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    "unsupported warninglist type '" + type + "' (cidr, string, hostname, substring, regex)");
        }
    }

    /** The lists bundled with Monsoon (MISP warninglists, CC0), in {@code warninglists/index.txt} order. */
    public static List<Parsed> bundled(Instant now) throws IOException {
        List<Parsed> lists = new ArrayList<>();
        try (InputStream index = MispWarninglist.class.getResourceAsStream("/warninglists/index.txt")) {
            if (index == null) {
                throw new IOException("bundled warninglists are missing from the classpath");
            }
            for (String name : new String(index.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (name.isBlank()) {
                    continue;
                }
                try (InputStream in =
                        MispWarninglist.class.getResourceAsStream("/warninglists/" + name.strip() + "/list.json")) {
                    lists.add(read(in, now));
                }
            }
        }
        return lists;
    }
}
