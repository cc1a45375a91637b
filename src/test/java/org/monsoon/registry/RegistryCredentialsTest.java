package org.monsoon.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.monsoon.testing.TestDirs;

class RegistryCredentialsTest {

    @Test
    void theFirstStartCreatesAnOwnerOnlyCredentialAndLaterStartsReuseIt() throws Exception {
        Path dir = TestDirs.create("registry-credentials").resolve("data");
        RegistryCredentials.Loaded first = RegistryCredentials.loadOrCreate(dir);
        assertTrue(first.created());
        assertEquals(RegistryCredentials.ADMIN_USER, first.credentials().user());
        assertTrue(first.credentials().password().length() >= 32, "a long random password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first.file())));
        RegistryCredentials.Loaded again = RegistryCredentials.loadOrCreate(dir);
        assertFalse(again.created());
        assertEquals(first.credentials(), again.credentials());
        assertFalse(first.credentials().toString().contains(first.credentials().password()));
    }

    @Test
    void matchesOnlyTheExactBasicHeader() {
        RegistryCredentials c = RegistryCredentials.parse("admin:pa:ss");
        assertEquals("pa:ss", c.password(), "a password may hold ':'");
        String header = "Basic " + Base64.getEncoder().encodeToString("admin:pa:ss".getBytes(StandardCharsets.UTF_8));
        assertTrue(c.matches(header));
        assertFalse(c.matches(null));
        assertFalse(c.matches(header + "x"));
        assertFalse(
                c.matches("Basic " + Base64.getEncoder().encodeToString("admin:pa".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void malformedCredentialsAreRefused() {
        for (String bad : new String[] {null, "", "nocolon", ":pw", "user:"}) {
            assertThrows(IllegalArgumentException.class, () -> RegistryCredentials.parse(bad), String.valueOf(bad));
        }
    }
}
