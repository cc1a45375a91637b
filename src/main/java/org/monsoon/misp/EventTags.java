package org.monsoon.misp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.monsoon.ingest.ReportRules;
import org.monsoon.schema.Tlp;

/**
 * What an event's tags say, read once: the TLP (most restrictive of the event's and every attribute's
 * {@code tlp:} tags, failing closed to RED on an unknown one), the RSIT class and type, and malware
 * families from galaxy tags and galaxy clusters.
 */
record EventTags(
        Tlp tlp, Optional<String> redBecause, Optional<MispTags.Rsit> rsit, Set<String> malware, List<String> skipped) {

    static EventTags of(JsonNode event, Tlp defaultTlp) {
        List<String> names = new ArrayList<>();
        event.path("Tag").forEach(t -> names.add(t.path("name").asText()));
        List<String> attributeNames = new ArrayList<>();
        for (JsonNode attribute : MispImporter.attributes(event)) {
            attribute.path("Tag").forEach(t -> attributeNames.add(t.path("name").asText()));
        }
        Tlp tlp = null;
        Optional<String> red = Optional.empty();
        for (String name : concat(names, attributeNames)) {
            MispTags.TlpTag tag = MispTags.tlp(name);
            if (tag instanceof MispTags.TlpTag.Label label) {
                tlp = tlp == null || label.tlp().ordinal() > tlp.ordinal() ? label.tlp() : tlp;
            } else if (tag instanceof MispTags.TlpTag.Unknown unknown) {
                red = Optional.of("unknown TLP tag '" + unknown.tag() + "'");
            }
        }
        if (red.isPresent()) {
            tlp = Tlp.RED;
        }
        // The first rsit:/ecsirt: tag whose terms the report fields accept; a malformed one is named, not fatal.
        List<String> notes = new ArrayList<>();
        Optional<MispTags.Rsit> rsit = Optional.empty();
        for (String name : names) {
            Optional<MispTags.Rsit> tag = MispTags.rsit(name);
            if (tag.isEmpty() || rsit.isPresent()) {
                continue;
            }
            if (ReportRules.isRsitTerm(tag.get().category())
                    && ReportRules.isRsitTerm(tag.get().type())) {
                rsit = tag;
            } else {
                notes.add("tag '" + ReportRules.clip(name) + "': not an RSIT class and type, so not used");
            }
        }
        Set<String> malware = new LinkedHashSet<>();
        names.stream().map(MispTags::malware).flatMap(Optional::stream).forEach(malware::add);
        for (JsonNode galaxy : event.path("Galaxy")) {
            if (Set.of("malpedia", "mitre-malware", "ransomware", "tool", "mitre-tool")
                    .contains(galaxy.path("type").asText())) {
                galaxy.path("GalaxyCluster")
                        .forEach(c -> MispTags.malware("misp-galaxy:malpedia=\""
                                        + c.path("value").asText() + "\"")
                                .ifPresent(malware::add));
            }
        }
        return new EventTags(tlp == null ? defaultTlp : tlp, red, rsit, malware, notes);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
