package org.monsoon.taxii;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.monsoon.http.HttpCall;
import org.monsoon.http.QueryString;

/**
 * The read side of TAXII 2.1 (OASIS, sections 4 and 5) under {@code /taxii2/}: discovery, one API
 * root ({@code /taxii2/monsoon/}), its collections, and for each collection its objects, one object,
 * an object's versions and the manifest, with the filters of {@link TaxiiFilter}. Collections are read
 * only. Answers use the TAXII media type; errors are TAXII error messages. With an API token set, every
 * request needs it ({@code Authorization: Bearer}).
 */
public final class TaxiiHandler implements HttpCall.Handler {
    public static final String TAXII_JSON = "application/taxii+json;version=2.1";
    static final String STIX_JSON = "application/stix+json;version=2.1";
    private static final String ROOT = "/taxii2/monsoon/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COLLECTION =
            Pattern.compile("/taxii2/monsoon/collections/([^/]+)/(?:(objects|manifest)/(?:([^/]+)/(versions/)?)?)?");

    private final TaxiiCollections collections;
    private final Predicate<String> authorized;
    private final String regionName;

    /** {@code authorized} decides on the Authorization header (always true without a token). */
    public TaxiiHandler(TaxiiCollections collections, Predicate<String> authorized, String regionName) {
        this.collections = collections;
        this.authorized = authorized;
        this.regionName = regionName;
    }

    @Override
    public void handle(HttpCall call) throws IOException {
        call.setHeader("Cache-Control", "no-store");
        try {
            if (!authorized.test(call.header("Authorization"))) {
                call.setHeader("WWW-Authenticate", "Bearer realm=\"monsoon\"");
                throw new TaxiiError(401, "Unauthorized", "a valid 'Authorization: Bearer <token>' header is required");
            }
            if (!call.method().equals("GET")) {
                throw new TaxiiError(405, "Method not allowed", "Monsoon's TAXII collections are read-only; only GET");
            }
            if (!acceptable(call.header("Accept"))) {
                throw new TaxiiError(406, "Not acceptable", "this server answers with " + TAXII_JSON);
            }
            String path = call.rawPath().endsWith("/") ? call.rawPath() : call.rawPath() + "/";
            respond(call, 200, route(call, path));
        } catch (TaxiiError e) {
            ObjectNode error = JSON.createObjectNode()
                    .put("title", e.title)
                    .put("description", e.getMessage())
                    .put("http_status", Integer.toString(e.status));
            respond(call, e.status, error);
        } catch (IllegalArgumentException e) {
            respond(
                    call,
                    400,
                    JSON.createObjectNode()
                            .put("title", "Bad request")
                            .put("description", e.getMessage())
                            .put("http_status", "400"));
        }
    }

    private ObjectNode route(HttpCall call, String path) {
        if (path.equals("/taxii2/")) {
            ObjectNode discovery = JSON.createObjectNode()
                    .put("title", "Monsoon TAXII 2.1 server")
                    .put("description", "Regional advisories and correlated indicators of " + regionName)
                    .put("default", ROOT);
            discovery.putArray("api_roots").add(ROOT);
            return discovery;
        }
        if (path.equals(ROOT)) {
            ObjectNode root = JSON.createObjectNode()
                    .put("title", regionName + " advisories")
                    .put("description", "Read-only collections of Monsoon's advisories and correlated indicators")
                    .put("max_content_length", 0);
            root.putArray("versions").add(TAXII_JSON);
            return root;
        }
        if (path.equals(ROOT + "collections/")) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode list = body.putArray("collections");
            for (TaxiiCollection collection : TaxiiCollection.values()) {
                list.add(describe(collection));
            }
            return body;
        }
        Matcher m = COLLECTION.matcher(path);
        if (!m.matches()) {
            throw new TaxiiError(404, "Not found", "no TAXII resource at " + call.rawPath());
        }
        TaxiiCollection collection = TaxiiCollection.find(decode(m.group(1)))
                .orElseThrow(() -> new TaxiiError(404, "Not found", "no collection " + m.group(1)));
        TaxiiIndex index = collections.index(collection);
        if (m.group(2) == null) {
            return describe(collection);
        }
        String objectId = m.group(3) == null ? null : decode(m.group(3));
        if (m.group(2).equals("manifest")) {
            if (objectId != null) {
                throw new TaxiiError(404, "Not found", "no TAXII resource at " + call.rawPath());
            }
            return TaxiiEnvelopes.manifest(call, index.query(TaxiiFilter.parse(call.rawQuery(), "last")));
        }
        if (objectId == null) {
            return TaxiiEnvelopes.objects(call, index.query(TaxiiFilter.parse(call.rawQuery(), "last")));
        }
        boolean versions = m.group(4) != null;
        TaxiiFilter filter = TaxiiFilter.parse(call.rawQuery(), versions ? "all" : "last");
        if (index.latest(objectId).isEmpty()) {
            throw new TaxiiError(404, "Not found", "no object " + objectId + " in collection " + collection.alias());
        }
        TaxiiFilter one = new TaxiiFilter(
                filter.after(),
                java.util.Set.of(objectId),
                filter.types(),
                filter.versions(),
                filter.specVersions(),
                filter.limit());
        TaxiiIndex.Page page = index.query(one);
        return versions ? TaxiiEnvelopes.versions(call, page) : TaxiiEnvelopes.objects(call, page);
    }

    private static ObjectNode describe(TaxiiCollection collection) {
        ObjectNode node = JSON.createObjectNode()
                .put("id", collection.id())
                .put("title", collection.title())
                .put("description", collection.description())
                .put("alias", collection.alias())
                .put("can_read", true)
                .put("can_write", false);
        node.putArray("media_types").add(STIX_JSON);
        return node;
    }

    /** Accept must allow the TAXII 2.1 media type; a missing header allows anything. */
    static boolean acceptable(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            List<String> parts =
                    List.of(range.replace(" ", "").toLowerCase(Locale.ROOT).split(";"));
            String type = parts.get(0);
            boolean versionOk =
                    parts.stream().filter(p -> p.startsWith("version=")).allMatch(p -> p.equals("version=2.1"));
            if (type.equals("*/*")
                    || type.equals("application/*")
                    || (type.equals("application/taxii+json") && versionOk)) {
                return true;
            }
        }
        return false;
    }

    private static String decode(String text) {
        return QueryString.decode(text);
    }

    private static void respond(HttpCall call, int status, ObjectNode body) throws IOException {
        call.respond(status, TAXII_JSON, JSON.writeValueAsBytes(body));
    }

    /** A TAXII error message (section 3.6.1) with its HTTP status. */
    static final class TaxiiError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final int status;
        private final String title;

        TaxiiError(int status, String title, String description) {
            super(description);
            this.status = status;
            this.title = title;
        }
    }
}
