package org.monsoon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceIdsTest {
    @TempDir
    Path dir;

    @Test
    void theFirstStartCreatesAnIdThatEveryLaterStartReads() throws Exception {
        Path data = dir.resolve("data");
        String first = InstanceIds.stable(data);
        assertTrue(InstanceIds.VALID.matcher(first).matches(), first);
        assertTrue(first.startsWith("monsoon-"), first);
        assertEquals(first, InstanceIds.stable(data));
        assertEquals(first, Files.readString(data.resolve(InstanceIds.FILE)).trim());
        try (var files = Files.list(data)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void twoDataDirectoriesNeverShareAnId() {
        assertNotEquals(InstanceIds.stable(dir.resolve("a")), InstanceIds.stable(dir.resolve("b")));
    }

    @Test
    void anIdWrittenByTheOperatorIsKept() throws Exception {
        Files.writeString(dir.resolve(InstanceIds.FILE), "pod-7\n");
        assertEquals("pod-7", InstanceIds.stable(dir));
    }

    @Test
    void aFileThatHoldsNoIdIsRefusedWithWhatToDo() throws Exception {
        Files.writeString(dir.resolve(InstanceIds.FILE), "not an id; rm -rf\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InstanceIds.stable(dir));
        assertTrue(e.getMessage().contains("delete it"), e.getMessage());
    }
}
