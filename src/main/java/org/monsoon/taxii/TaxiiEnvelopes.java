package org.monsoon.taxii;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.monsoon.http.HttpCall;

/**
 * The paged answers of TAXII 2.1: the envelope of objects, the manifest and the versions list, each
 * with {@code more} and {@code next}, and the {@code X-TAXII-Date-Added-First/Last} headers.
 */
final class TaxiiEnvelopes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TaxiiEnvelopes() {}

    static ObjectNode objects(HttpCall call, TaxiiIndex.Page page) {
        ObjectNode envelope = paged(call, page);
        if (!page.entries().isEmpty()) {
            ArrayNode objects = envelope.putArray("objects");
            page.entries().forEach(e -> objects.add(e.object()));
        }
        return envelope;
    }

    static ObjectNode manifest(HttpCall call, TaxiiIndex.Page page) {
        ObjectNode envelope = paged(call, page);
        if (!page.entries().isEmpty()) {
            ArrayNode objects = envelope.putArray("objects");
            page.entries()
                    .forEach(e -> objects.addObject()
                            .put("id", e.id())
                            .put("date_added", e.dateAdded())
                            .put("version", e.version())
                            .put("media_type", TaxiiHandler.STIX_JSON));
        }
        return envelope;
    }

    static ObjectNode versions(HttpCall call, TaxiiIndex.Page page) {
        ObjectNode envelope = paged(call, page);
        if (!page.entries().isEmpty()) {
            ArrayNode versions = envelope.putArray("versions");
            page.entries().forEach(e -> versions.add(e.version()));
        }
        return envelope;
    }

    private static ObjectNode paged(HttpCall call, TaxiiIndex.Page page) {
        ObjectNode envelope = NODES.objectNode().put("more", page.more());
        if (page.more()) {
            envelope.put("next", page.next());
        }
        if (!page.entries().isEmpty()) {
            call.setHeader("X-TAXII-Date-Added-First", page.entries().get(0).dateAdded());
            call.setHeader(
                    "X-TAXII-Date-Added-Last",
                    page.entries().get(page.entries().size() - 1).dateAdded());
        }
        return envelope;
    }
}
