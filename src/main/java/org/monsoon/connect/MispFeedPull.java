package org.monsoon.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.monsoon.misp.MispImporter;
import org.monsoon.schema.IncidentReport;

/**
 * One pull of a MISP feed ({@code manifest.json} and {@code <uuid>.json} over HTTP(S), MISP's own feed
 * format) as one member: a new event is sent as a report (or its parts, past the per-report limit), an
 * event whose manifest timestamp changed is sent again (a revision; surplus parts withdrawn), and an
 * event gone from the manifest is withdrawn. What was sent is bookmarked ({@link Bookmarks}), so the
 * next pull, or a restarted connector, sends only what changed. One event's fault is logged and the
 * others still go; that event is tried again at the next pull.
 */
public final class MispFeedPull {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F-]{36}");

    /** What one pull did. */
    public record Outcome(int sent, int revised, int withdrawn, int unchanged, int failed, int leftOut, int tooOld) {}

    private final URI base;
    private final MispImporter.Options options;
    private final String member;
    private final ReportSink sink;
    private final Bookmarks bookmarks;
    private final Consumer<String> log;
    private final SourceHttp http;
    private final PartSender parts;

    /**
     * @param feed the feed's URL: its directory, or its {@code manifest.json}
     * @param authorization the {@code Authorization} header to send (MISP's auth key), if any
     * @param window the correlation window: an event observed before it is said to be too old
     */
    public MispFeedPull(
            URI feed,
            Optional<String> authorization,
            MispImporter.Options options,
            String member,
            ReportSink sink,
            Bookmarks bookmarks,
            Duration window,
            Consumer<String> log) {
        String text = feed.toString();
        text = text.endsWith("manifest.json") ? text.substring(0, text.length() - "manifest.json".length()) : text;
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.http = new SourceHttp(authorization);
        this.parts = new PartSender(sink, window, log);
        this.options = options;
        this.member = member;
        this.sink = sink;
        this.bookmarks = bookmarks;
        this.log = log;
    }

    /** Pulls once: sends what changed since the bookmarks, withdraws what is gone, bookmarks it. */
    public Outcome pull() throws IOException, InterruptedException {
        JsonNode manifest = JSON.readTree(fetch("manifest.json"));
        if (manifest == null || !manifest.isObject()) {
            throw new IOException(base + "manifest.json is not a MISP feed manifest ({\"<event uuid>\": {...}})");
        }
        Map<String, Bookmarks.Sent> previous = bookmarks.read();
        Map<String, Bookmarks.Sent> next = new TreeMap<>(previous);
        int sent = 0, revised = 0, withdrawn = 0, unchanged = 0, failed = 0, leftOut = 0, tooOld = 0;
        List<String> uuids = new ArrayList<>();
        for (Iterator<String> it = manifest.fieldNames(); it.hasNext(); ) {
            uuids.add(it.next());
        }
        uuids.sort(null);
        Instant now = Instant.now();
        for (String uuid : uuids) {
            if (!UUID.matcher(uuid).matches()) {
                log.accept("manifest entry '" + uuid + "' is not an event uuid: skipped");
                failed++;
                continue;
            }
            String timestamp = manifest.get(uuid).path("timestamp").asText("");
            Bookmarks.Sent before = previous.get(uuid);
            if (before != null && before.timestamp().equals(timestamp) && !timestamp.isEmpty()) {
                unchanged++;
                continue;
            }
            try {
                List<JsonNode> events = MispImporter.events(fetch(uuid + ".json"));
                if (events.size() != 1) {
                    throw new IOException("holds " + events.size() + " events, not one");
                }
                MispImporter.Imported imported = MispImporter.read(events.get(0), member, options, now);
                imported.leftOut().forEach(reason -> log.accept(uuid + ": left out " + reason));
                List<IncidentReport> reports = imported.parts();
                PartSender.Sent done = parts.send(reports, now);
                leftOut += done.leftOut() || !imported.leftOut().isEmpty() ? 1 : 0;
                tooOld += done.tooOld();
                List<String> gone = new ArrayList<>(ids(uuid, before == null ? 0 : before.parts()));
                gone.removeAll(ids(uuid, reports.size()));
                for (String id : gone) {
                    sink.withdraw(id);
                }
                next.put(uuid, new Bookmarks.Sent(timestamp, reports.size()));
                if (before == null) {
                    sent++;
                } else {
                    revised++;
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException interrupted) {
                    throw interrupted;
                }
                log.accept(uuid + ": not sent (" + e.getMessage() + "); tried again at the next pull");
                failed++;
            }
        }
        for (Map.Entry<String, Bookmarks.Sent> gone : previous.entrySet()) {
            if (!manifest.has(gone.getKey())) {
                try {
                    for (String id : ids(gone.getKey(), gone.getValue().parts())) {
                        sink.withdraw(id);
                    }
                    next.remove(gone.getKey());
                    withdrawn++;
                } catch (Exception e) {
                    log.accept(
                            gone.getKey() + ": not withdrawn (" + e.getMessage() + "); tried again at the next pull");
                    failed++;
                }
            }
        }
        if (!next.equals(previous)) {
            bookmarks.write(next);
        }
        return new Outcome(sent, revised, withdrawn, unchanged, failed, leftOut, tooOld);
    }

    /** The report ids an event of {@code parts} parts was sent under. */
    static List<String> ids(String uuid, int parts) {
        String id = MispImporter.reportId(uuid);
        if (parts <= 0) {
            return List.of();
        }
        if (parts == 1) {
            return List.of(id);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= parts; i++) {
            ids.add(id + "." + i);
        }
        return ids;
    }

    private byte[] fetch(String name) throws IOException, InterruptedException {
        SourceHttp.Response response = http.get(base.resolve(name), "application/json", MispImporter.MAX_EVENT_BYTES);
        if (response.status() != 200) {
            throw new IOException(base.resolve(name) + " answered HTTP " + response.status());
        }
        return response.body();
    }
}
