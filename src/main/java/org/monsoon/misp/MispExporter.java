package org.monsoon.misp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.monsoon.advisory.Uuid5;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/**
 * An advisory as a MISP event in the MISP core format, ready for MISP's own JSON import. The event
 * uuid depends only on the advisory id, so importing a later version updates the same event; its
 * {@code info} names the advisory and version. Each indicator becomes an attribute whose type and
 * category MISP's describeTypes accepts ({@link MispAttributes#export}), with {@code to_ids} on network
 * and file indicators, the reporting members in its comment and {@code first_seen}/{@code last_seen}.
 * The event carries the TLP tag, {@code rsit:} tags for its categories and a {@code monsoon:member} tag
 * per country.
 */
public final class MispExporter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final UUID NAMESPACE = UUID.fromString("3b5a6f0e-7c1d-4f8e-9a2b-6d4c8e1f0a37");
    /** The tag on an attribute that is a hub: listed, but connecting no campaigns (over-correlating). */
    public static final String HUB_TAG = "monsoon:hub";

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SEEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

    private final String regionName;

    public MispExporter(String regionName) {
        this.regionName = regionName;
    }

    /**
     * Several advisories as one MISP JSON document, as MISP's own search API answers and its import
     * reads: {@code {"response": [{"Event": …}, …]}}.
     */
    public ObjectNode events(java.util.List<Advisory> advisories) {
        ObjectNode root = NODES.objectNode();
        com.fasterxml.jackson.databind.node.ArrayNode list = root.putArray("response");
        advisories.forEach(a -> list.add(event(a)));
        return root;
    }

    /** {@code {"Event": {...}}} for one advisory version. */
    public ObjectNode event(Advisory advisory) {
        ObjectNode event = NODES.objectNode();
        String timestamp = Long.toString(advisory.getUpdatedAt().getEpochSecond());
        event.put(
                        "uuid",
                        Uuid5.of(NAMESPACE, "advisory:" + advisory.getAdvisoryId())
                                .toString())
                .put(
                        "info",
                        advisory.getTitle() + " (Monsoon advisory " + advisory.getAdvisoryId() + " v"
                                + advisory.getVersion() + ")")
                .put("date", DATE.format(advisory.getFirstSeen()))
                .put("timestamp", timestamp)
                .put("publish_timestamp", timestamp)
                .put("threat_level_id", threatLevel(advisory.getSeverity()))
                // 1 ongoing while the advisory is active, 2 completed once it expired, merged or was withdrawn
                .put("analysis", advisory.getStatus() == AdvisoryStatus.ACTIVE ? "1" : "2")
                .put("distribution", distribution(advisory.getTlp()))
                .put("published", false);
        event.putObject("Orgc")
                .put("name", regionName)
                .put("uuid", Uuid5.of(NAMESPACE, "org:" + regionName).toString());
        ArrayNode tags = event.putArray("Tag");
        tags.addObject().put("name", tlpTag(advisory.getTlp()));
        for (String category : advisory.getCategories()) {
            int slash = category.indexOf('/');
            tags.addObject()
                    .put(
                            "name",
                            slash < 0
                                    ? "rsit:" + category
                                    : "rsit:" + category.substring(0, slash) + "=\"" + category.substring(slash + 1)
                                            + "\"");
        }
        advisory.getCountries().forEach(c -> tags.addObject().put("name", "monsoon:member=\"" + c + "\""));
        tags.addObject()
                .put("name", "monsoon:status=\"" + advisory.getStatus().name().toLowerCase() + "\"");
        ArrayNode attributes = event.putArray("Attribute");
        for (AdvisoryIndicator indicator : advisory.getIndicators()) {
            MispAttributes.Export as = MispAttributes.export(indicator.getType());
            boolean live = advisory.getStatus() == AdvisoryStatus.ACTIVE;
            attributes
                    .addObject()
                    .put(
                            "uuid",
                            Uuid5.of(
                                            NAMESPACE,
                                            advisory.getAdvisoryId() + "|" + indicator.getType() + ":"
                                                    + indicator.getValue())
                                    .toString())
                    .put("type", as.type())
                    .put("category", as.category())
                    .put("value", indicator.getValue())
                    // An expired, merged or withdrawn advisory's indicators should no longer drive detection.
                    .put("to_ids", as.toIds() && live)
                    .put("distribution", "5")
                    .put("timestamp", timestamp)
                    .put("comment", "Reported by " + String.join(", ", indicator.getCountries()))
                    .put("first_seen", SEEN.format(indicator.getFirstSeen()))
                    .put("last_seen", SEEN.format(max(indicator.getFirstSeen(), indicator.getLastSeen())));
            if (indicator.getHub()) {
                // MISP's own word for such values is over-correlating; the tag says why it links nothing.
                ((ObjectNode) attributes.get(attributes.size() - 1))
                        .putArray("Tag")
                        .addObject()
                        .put("name", HUB_TAG);
            }
        }
        ObjectNode root = NODES.objectNode();
        root.set("Event", event);
        return root;
    }

    private static Instant max(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }

    /** MISP threat levels: 1 high, 2 medium, 3 low. */
    static String threatLevel(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "1";
            case MEDIUM -> "2";
            case LOW -> "3";
        };
    }

    /** MISP distribution: 3 all communities for CLEAR, 2 connected communities for GREEN, 0 the organisation. */
    static String distribution(Tlp tlp) {
        return switch (tlp) {
            case CLEAR -> "3";
            case GREEN -> "2";
            default -> "0";
        };
    }

    static String tlpTag(Tlp tlp) {
        return tlp == Tlp.AMBER_STRICT
                ? "tlp:amber+strict"
                : "tlp:" + tlp.name().toLowerCase();
    }
}
