package org.monsoon.taxii;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.stix.StixExporter;

/**
 * Turns each advisory version into new versions of STIX objects in the two collections, only for what
 * changed: an object whose content is the same as its latest version (apart from {@code modified}) gets
 * no new version, so a poll with {@code added_after} returns what changed and nothing else.
 *
 * <ul>
 *   <li>An object the previous version listed and this one does not (an indicator withdrawn, every
 *       indicator of a WITHDRAWN advisory) gets a last version with {@code revoked: true}: consumers
 *       must stop acting on it. Nothing ever vanishes from a collection.</li>
 *   <li>The indicators of an EXPIRED advisory get {@code valid_until}.</li>
 *   <li>A regional indicator belongs to the advisory that listed it last; only that advisory's
 *       withdrawal revokes it, so a merge moves it without a revocation.</li>
 * </ul>
 * Not thread-safe: one feed thread calls {@link #accept}.
 */
public final class AdvisoryObjects {
    private final StixExporter stix;
    private final TaxiiIndex advisories;
    private final TaxiiIndex indicators;
    private final Map<String, Set<String>> listedByAdvisory = new HashMap<>();
    private final Map<String, Set<String>> regionalByAdvisory = new HashMap<>();
    private final Map<String, String> holderOfRegional = new HashMap<>();

    public AdvisoryObjects(StixExporter stix, TaxiiIndex advisories, TaxiiIndex indicators) {
        this.stix = stix;
        this.advisories = advisories;
        this.indicators = indicators;
    }

    /** Adds what the advisory version changed to both collections. */
    public void accept(Advisory advisory) {
        String advisoryId = advisory.getAdvisoryId();
        boolean expired = advisory.getStatus() == AdvisoryStatus.EXPIRED;
        Instant at = advisory.getUpdatedAt();
        Set<String> listed = new HashSet<>();
        for (ObjectNode object : stix.objects(advisory)) {
            String type = object.path("type").asText();
            if (isListed(type)) {
                listed.add(object.get("id").asText());
                if (expired) {
                    expire(object, at);
                }
            } else if (type.equals("marking-definition") || type.equals("identity")) {
                offer(indicators, object);
            }
            offer(advisories, object);
        }
        revokeDropped(advisories, listedByAdvisory.put(advisoryId, listed), listed, at);

        Set<String> regional = new HashSet<>();
        for (AdvisoryIndicator indicator : advisory.getIndicators()) {
            ObjectNode object = stix.regionalIndicator(indicator, advisory);
            String id = object.get("id").asText();
            regional.add(id);
            holderOfRegional.put(id, advisoryId);
            if (expired) {
                expire(object, at);
            }
            offer(indicators, object);
        }
        Set<String> before = regionalByAdvisory.put(advisoryId, regional);
        if (before != null) {
            before.removeIf(id -> regional.contains(id) || !advisoryId.equals(holderOfRegional.get(id)));
            before.forEach(holderOfRegional::remove);
            revokeDropped(indicators, before, Set.of(), at);
        }
    }

    private static boolean isListed(String type) {
        return List.of("indicator", "vulnerability", "malware").contains(type);
    }

    /** An indicator that stopped being valid when its advisory expired. */
    private static void expire(ObjectNode object, Instant at) {
        if (object.path("type").asText().equals("indicator")) {
            Instant from = Instant.parse(object.get("valid_from").asText());
            object.put("valid_until", timestamp(at.isAfter(from) ? at : from.plusMillis(1)));
        }
    }

    private static void revokeDropped(TaxiiIndex index, Set<String> before, Set<String> now, Instant at) {
        if (before == null) {
            return;
        }
        for (String id : before) {
            if (!now.contains(id)) {
                index.latest(id)
                        .map(TaxiiIndex.Entry::object)
                        .filter(o -> !o.path("revoked").asBoolean())
                        .ifPresent(o -> {
                            o.put("revoked", true).put("modified", timestamp(at));
                            offer(index, o);
                        });
            }
        }
    }

    /**
     * Adds the object unless its latest version says the same. A new version's {@code modified} must
     * be later than the latest one's (STIX 2.1 section 3.6), so an equal or earlier one moves 1 ms on.
     */
    static void offer(TaxiiIndex index, ObjectNode object) {
        Optional<TaxiiIndex.Entry> latest = index.latest(object.get("id").asText());
        if (latest.isPresent()) {
            ObjectNode previous = latest.get().object();
            ObjectNode candidate = object.deepCopy();
            String previousModified = previous.path("modified").asText();
            previous.remove("modified");
            candidate.remove("modified");
            if (previous.equals(candidate)) {
                return;
            }
            if (object.has("modified") && !previousModified.isEmpty()) {
                Instant was = Instant.parse(previousModified);
                if (!Instant.parse(object.get("modified").asText()).isAfter(was)) {
                    object.put("modified", timestamp(was.plusMillis(1)));
                }
            }
        }
        index.add(object);
    }

    private static String timestamp(Instant instant) {
        return StixExporter.formatTimestamp(instant);
    }
}
