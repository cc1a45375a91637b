package org.monsoon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HttpGuardTest {

    @Test
    void onlyAllowedHostsPassWhateverThePort() {
        HttpGuard guard = new HttpGuard(List.of("localhost", "127.0.0.1", "::1", "monsoon.cert.example"), false);
        String[][] table = {
            {"localhost:8080", "true"},
            {"LOCALHOST", "true"},
            {"127.0.0.1:8080", "true"},
            {"[::1]:8080", "true"},
            {"monsoon.cert.example", "true"},
            {"monsoon.cert.example.:443", "true"},
            {"attacker.example:8080", "false"},
            {"127.0.0.1.attacker.example", "false"},
            {"", "false"},
            {null, "false"},
            {"[::2]:8080", "false"},
        };
        for (String[] row : table) {
            assertEquals(Boolean.parseBoolean(row[1]), guard.allowed(row[0]), String.valueOf(row[0]));
        }
    }

    @Test
    void aStarAllowsAny() {
        HttpGuard guard = new HttpGuard(List.of("*"), false);
        assertEquals(true, guard.allowed("anything.example:1"));
    }
}
