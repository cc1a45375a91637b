package org.monsoon.sightings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.PackedSighting;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Sighting;
import org.monsoon.schema.SightingKind;
import org.monsoon.schema.SightingPack;
import org.monsoon.schema.Tlp;
import org.monsoon.serde.BinaryAvroSerde;

/** The sightings hop's packs: one per destination partition when small, bounded when large, and the old record read. */
class SightingPacksTest {
    private static final ReportLink LINK =
            new ReportLink("SG", "sg-1", 1L, 2L, Tlp.GREEN, Severity.HIGH, null, "fraud/phishing");
    private static final ReportLink BEFORE =
            new ReportLink("SG", "sg-1", 1L, 1L, Tlp.GREEN, Severity.LOW, null, "fraud/phishing");

    @Test
    void aFewIndicatorsMakeAtMostOnePackPerPartitionEachKeyedWhereItsEntriesMeet() {
        SightingPacks packs = new SightingPacks(3, LINK, BEFORE);
        for (int i = 0; i < 5; i++) {
            packs.add("DOMAIN:d" + i + ".example", SightingKind.SHAREABLE, 1);
        }
        packs.add("DOMAIN:gone.example", SightingKind.RETRACTED, -1);
        Set<Integer> partitions = new HashSet<>();
        int entries = 0;
        for (SightingPack pack : packs.packs()) {
            int partition = SightingPacks.partitionOf(SightingPacks.key(pack), 3);
            assertTrue(partitions.add(partition), "one pack per partition");
            for (PackedSighting entry : pack.getEntries()) {
                assertEquals(partition, SightingPacks.partitionOf(entry.getIndicator(), 3), entry.getIndicator());
                entries++;
            }
            assertEquals(LINK, pack.getReport());
            assertEquals(BEFORE, pack.getPrevious());
        }
        assertEquals(6, entries);
        assertTrue(packs.packs().size() <= 3);
    }

    @Test
    void aThousandLongIndicatorsStayWithinBothBounds() {
        SightingPacks packs = new SightingPacks(1, LINK, null);
        for (int i = 0; i < 1_000; i++) {
            packs.add("URL:https://kit-" + i + ".phish.example/" + "p".repeat(2_000), SightingKind.SHAREABLE, 1);
        }
        int entries = 0;
        var serde = SightingPacks.serde();
        for (SightingPack pack : packs.packs()) {
            assertTrue(pack.getEntries().size() <= SightingPacks.MAX_ENTRIES);
            byte[] bytes = serde.serializer().serialize("t", pack);
            assertTrue(bytes.length <= SightingPacks.MAX_BYTES + 1_024, bytes.length + " bytes");
            assertEquals(pack, serde.deserializer().deserialize("t", bytes));
            entries += pack.getEntries().size();
        }
        assertEquals(1_000, entries);
    }

    @Test
    void aSightingOfTheEarlierReleaseReadsAsAPackOfOneKeyedByTheRecord() {
        var serde = SightingPacks.serde();
        byte[] retraction = BinaryAvroSerde.of(Sighting.class).encode(new Sighting(SightingKind.RETRACTED, BEFORE, -1));
        SightingPack pack = serde.deserializer().deserialize("t", retraction);
        assertEquals(List.of(new PackedSighting(null, SightingKind.RETRACTED, -1)), pack.getEntries());
        assertEquals(BEFORE, pack.getPrevious());
        assertNull(pack.getReport());
        byte[] shareable = BinaryAvroSerde.of(Sighting.class).encode(new Sighting(SightingKind.SHAREABLE, LINK, 1));
        assertEquals(LINK, serde.deserializer().deserialize("t", shareable).getReport());
    }
}
