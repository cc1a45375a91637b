package org.monsoon.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.monsoon.schema.Severity;
import org.monsoon.stix.StixImporter;

/**
 * One pull of a TAXII 2.1 collection as one member: every object version added after the bookmark
 * ({@code added_after}, then the server's {@code next} pages), in order. Each indicator, vulnerability
 * or malware object is one report under its STIX id (so a new version of the object is a revision),
 * read by the STIX importer; a revoked object is withdrawn. The bookmark (the last page's
 * {@code X-TAXII-Date-Added-Last}) is written after each page's reports were acknowledged: a crash in
 * between sends that page again, which the pipeline drops as duplicates.
 */
public final class TaxiiPull {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final Set<String> IMPORTED = Set.of("indicator", "vulnerability", "malware");
    private static final int PAGE = 500;
    private static final int MAX_PAGE_BYTES = 16 * 1024 * 1024;

    /** What one pull did. */
    public record Outcome(int sent, int withdrawn, int skipped, int failed, int leftOut, int tooOld) {}

    private final URI objects;
    private final String member;
    private final Severity severity;
    private final String category;
    private final String type;
    private final ReportSink sink;
    private final Bookmarks bookmarks;
    private final Consumer<String> log;
    private final SourceHttp http;
    private final PartSender parts;

    /**
     * @param apiRoot the TAXII API root, e.g. {@code https://host/taxii2/monsoon/}
     * @param collection the collection's id (or an alias the server accepts)
     */
    public TaxiiPull(
            URI apiRoot,
            String collection,
            Optional<String> authorization,
            String member,
            Severity severity,
            String category,
            String type,
            ReportSink sink,
            Bookmarks bookmarks,
            Duration window,
            Consumer<String> log) {
        String root = apiRoot.toString().endsWith("/") ? apiRoot.toString() : apiRoot + "/";
        this.objects =
                URI.create(root + "collections/" + URLEncoder.encode(collection, StandardCharsets.UTF_8) + "/objects/");
        this.http = new SourceHttp(authorization);
        this.parts = new PartSender(sink, window, log);
        this.member = member;
        this.severity = severity;
        this.category = category;
        this.type = type;
        this.sink = sink;
        this.bookmarks = bookmarks;
        this.log = log;
    }

    /** Pulls every version added since the bookmark, page by page. */
    public Outcome pull() throws IOException, InterruptedException {
        String addedAfter = bookmarks.readJson().path("added_after").asText(null);
        int sent = 0, withdrawn = 0, skipped = 0, failed = 0, leftOut = 0, tooOld = 0;
        String next = null;
        Instant now = Instant.now();
        while (true) {
            StringBuilder query = new StringBuilder("?match%5Bversion%5D=all&limit=" + PAGE);
            if (addedAfter != null) {
                query.append("&added_after=").append(URLEncoder.encode(addedAfter, StandardCharsets.UTF_8));
            }
            if (next != null) {
                query.append("&next=").append(URLEncoder.encode(next, StandardCharsets.UTF_8));
            }
            SourceHttp.Response page = http.get(objects.resolve(query.toString()), TAXII, MAX_PAGE_BYTES);
            if (page.status() == 404) {
                throw new IOException(objects + " answered HTTP 404: no such collection, or no access to it");
            }
            if (page.status() != 200) {
                throw new IOException(objects + " answered HTTP " + page.status());
            }
            JsonNode envelope = JSON.readTree(page.body());
            for (JsonNode object : envelope.path("objects")) {
                String objectType = object.path("type").asText();
                if (!IMPORTED.contains(objectType)) {
                    skipped++;
                    continue;
                }
                String reportId = object.path("id").asText().replaceAll("[^A-Za-z0-9._:-]", "-");
                try {
                    if (object.path("revoked").asBoolean(false)) {
                        sink.withdraw(reportId);
                        withdrawn++;
                        continue;
                    }
                    ObjectNode bundle = JSON.createObjectNode()
                            .put("type", "bundle")
                            .put("id", object.path("id").asText());
                    bundle.putArray("objects").add(object);
                    StixImporter.Imported imported = StixImporter.read(
                            new ByteArrayInputStream(JSON.writeValueAsBytes(bundle)),
                            member,
                            severity,
                            category,
                            type,
                            now);
                    PartSender.Sent done = parts.send(imported.parts(), now);
                    leftOut += done.leftOut() ? 1 : 0;
                    tooOld += done.tooOld();
                    sent++;
                } catch (Exception e) {
                    if (e instanceof InterruptedException interrupted) {
                        throw interrupted;
                    }
                    log.accept(object.path("id").asText() + ": not sent (" + e.getMessage() + ")");
                    failed++;
                }
            }
            Optional<String> last = page.headers().firstValue("X-TAXII-Date-Added-Last");
            if (last.isPresent()) {
                addedAfter = last.get();
                bookmarks.writeJson(JSON.createObjectNode().put("added_after", addedAfter));
            }
            if (!envelope.path("more").asBoolean(false) || !envelope.hasNonNull("next")) {
                break;
            }
            next = envelope.get("next").asText();
        }
        return new Outcome(sent, withdrawn, skipped, failed, leftOut, tooOld);
    }
}
