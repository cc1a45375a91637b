package org.monsoon.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.monsoon.advisory.AdvisoryFeed;
import org.monsoon.misp.MispExporter;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryStatus;

/**
 * The advisories as a MISP feed, in MISP's own feed format, so that a member's MISP instance adds
 * Monsoon as a feed with MISP's built-in feature: {@code manifest.json} (event uuid to the event's
 * summary: Orgc, Tag, info, date, analysis, threat_level_id, timestamp), one {@code <uuid>.json} per
 * event ({@code {"Event": …}}, the MISP export of the advisory's latest version) and
 * {@code hashes.csv} (the MD5 of each attribute value, with its event uuid, for MISP's feed
 * correlation). Fed by the advisory history, so every instance serves the same feed; a WITHDRAWN or
 * MERGED advisory leaves the feed (MISP then drops the event), an EXPIRED one stays, with its
 * indicators no longer marked for detection.
 */
final class MispFeedIndex implements AdvisoryFeed.Listener {
    /** The manifest's fields, as MISP's feed generator writes them. */
    private static final String[] MANIFEST_FIELDS = {
        "Orgc", "Tag", "info", "date", "analysis", "threat_level_id", "timestamp"
    };

    private final MispExporter misp;
    /** Event uuid to {@code {"Event": …}}, in the order advisories first appeared. */
    private final Map<String, ObjectNode> events = new LinkedHashMap<>();
    /** Advisory id to its event's uuid. */
    private final Map<String, String> byAdvisory = new TreeMap<>();

    MispFeedIndex(MispExporter misp) {
        this.misp = misp;
    }

    @Override
    public synchronized void accept(Advisory advisory, long addedAtMs) {
        String previous = byAdvisory.remove(advisory.getAdvisoryId());
        if (previous != null) {
            events.remove(previous);
        }
        if (advisory.getStatus() == AdvisoryStatus.WITHDRAWN || advisory.getStatus() == AdvisoryStatus.MERGED) {
            return;
        }
        ObjectNode event = misp.event(advisory);
        String uuid = event.path("Event").path("uuid").asText();
        events.put(uuid, event);
        byAdvisory.put(advisory.getAdvisoryId(), uuid);
    }

    /** {@code manifest.json}. */
    synchronized ObjectNode manifest() {
        ObjectNode manifest = JsonNodeFactory.instance.objectNode();
        events.forEach((uuid, event) -> {
            ObjectNode summary = manifest.putObject(uuid);
            for (String field : MANIFEST_FIELDS) {
                if (event.path("Event").has(field)) {
                    summary.set(field, event.path("Event").get(field).deepCopy());
                }
            }
            if (!summary.has("Tag")) {
                summary.putArray("Tag");
            }
        });
        return manifest;
    }

    /** {@code <uuid>.json}, or null when the feed has no such event. */
    synchronized ObjectNode event(String uuid) {
        ObjectNode event = events.get(uuid);
        return event == null ? null : event.deepCopy();
    }

    /** {@code hashes.csv}: {@code <md5 of the attribute value>,<event uuid>}, one line per attribute. */
    synchronized String hashes() {
        StringBuilder out = new StringBuilder();
        events.forEach((uuid, event) -> event.path("Event")
                .path("Attribute")
                .forEach(attribute -> out.append(md5(attribute.path("value").asText()))
                        .append(',')
                        .append(uuid)
                        .append('\n')));
        return out.toString();
    }

    private static String md5(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always there", e);
        }
    }
}
