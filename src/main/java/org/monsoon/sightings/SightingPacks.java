package org.monsoon.sightings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.monsoon.schema.PackedSighting;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.Sighting;
import org.monsoon.schema.SightingKind;
import org.monsoon.schema.SightingPack;
import org.monsoon.serde.BinaryAvroSerde;
import org.monsoon.state.Partitions;

/**
 * One report version's sightings, packed for the hop to the correlate stage: the indicators grouped
 * by the partition Kafka's default partitioner gives their key (so each meets its state there), each
 * group cut into packs of at most {@link #MAX_ENTRIES} entries and {@link #MAX_BYTES} bytes, each pack
 * keyed by its first indicator (which the partitioner sends to the group's partition). A report of a
 * few indicators crosses in about one record per partition instead of one per indicator.
 *
 * <p>The hop's serde ({@link #serde()}) also reads a {@link Sighting} of the earlier release, in flight
 * at an upgrade, as a pack of one whose indicator is the record's key.
 */
final class SightingPacks {
    /** Entries per pack, at most. */
    static final int MAX_ENTRIES = 64;
    /** Bytes of indicators per pack, at most; the report links and framing add a few hundred. */
    static final int MAX_BYTES = 32 * 1024;

    private final int partitions;
    private final ReportLink report;
    private final ReportLink previous;
    /** Partition to its packs, the last one open. */
    private final Map<Integer, List<SightingPack>> byPartition = new LinkedHashMap<>();

    private final Map<Integer, Integer> openBytes = new LinkedHashMap<>();

    /**
     * @param report the version SHAREABLE and RESTRICTED entries are of (null for a withdrawal)
     * @param previous the version RETRACTED entries take back (null for a first version)
     */
    SightingPacks(int partitions, ReportLink report, ReportLink previous) {
        this.partitions = partitions;
        this.report = report;
        this.previous = previous;
    }

    /** The partition of the hop an indicator's sightings go to: Kafka's default for the key. */
    static int partitionOf(String indicator, int partitions) {
        return Partitions.forKey(indicator, partitions);
    }

    void add(String indicator, SightingKind kind, int delta) {
        int partition = partitionOf(indicator, partitions);
        List<SightingPack> packs = byPartition.computeIfAbsent(partition, p -> new ArrayList<>());
        int size = indicator.getBytes(StandardCharsets.UTF_8).length + 8;
        SightingPack open = packs.isEmpty() ? null : packs.get(packs.size() - 1);
        if (open == null
                || open.getEntries().size() >= MAX_ENTRIES
                || openBytes.getOrDefault(partition, 0) + size > MAX_BYTES) {
            open = new SightingPack(report, previous, new ArrayList<>());
            packs.add(open);
            openBytes.put(partition, 0);
        }
        open.getEntries().add(new PackedSighting(indicator, kind, delta));
        openBytes.merge(partition, size, Integer::sum);
    }

    /** Every pack, each to be sent keyed by {@link #key}. */
    List<SightingPack> packs() {
        List<SightingPack> out = new ArrayList<>();
        byPartition.values().forEach(out::addAll);
        return out;
    }

    /** The key a pack is sent under: its first indicator, which routes it to its partition. */
    static String key(SightingPack pack) {
        return pack.getEntries().get(0).getIndicator();
    }

    /** The hop's serde: writes packs, reads packs and the earlier release's single sightings. */
    static Serde<SightingPack> serde() {
        return BinaryAvroSerde.replacing(SightingPack.class, Sighting.class, SightingPacks::fromSighting);
    }

    /** A sighting of the earlier release, as a pack of one (its key names the indicator). */
    private static SightingPack fromSighting(Sighting sighting) {
        boolean retracted = sighting.getKind() == SightingKind.RETRACTED;
        List<PackedSighting> entries = new ArrayList<>(1);
        entries.add(new PackedSighting(null, sighting.getKind(), sighting.getDelta()));
        return new SightingPack(
                retracted ? null : sighting.getReport(), retracted ? sighting.getReport() : null, entries);
    }
}
