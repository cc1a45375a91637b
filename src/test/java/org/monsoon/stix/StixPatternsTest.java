package org.monsoon.stix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which values of a STIX pattern become indicators, and why the rest do not. */
class StixPatternsTest {

    private static String imported(String pattern) {
        return StixPatterns.parse(pattern).indicators().stream()
                .map(i -> i.getType() + ":" + i.getValue())
                .collect(Collectors.joining(" "));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "[ipv4-addr:value = '203.0.113.7']                                          | IPV4:203.0.113.7",
                "[domain-name:value = 'a.example' OR ipv4-addr:value = '198.51.100.1']      | DOMAIN:a.example IPV4:198.51.100.1",
                "[domain-name:value = 'a.example'] OR [domain-name:value = 'b.example']     | DOMAIN:a.example DOMAIN:b.example",
                "([url:value = 'http://a.example/x'] AND [file:hashes.MD5 = '44d88612fea8a8f36de82e1278abb02f']) | URL:http://a.example/x MD5:44d88612fea8a8f36de82e1278abb02f",
                "[file:hashes.'SHA-256' = 'ab' AND (file:hashes.'SHA-1' = 'cd' OR file:hashes.MD5 = 'ef')] | SHA256:ab SHA1:cd MD5:ef",
                "[ipv4-addr:value IN ('198.51.100.1', '198.51.100.2')]                       | IPV4:198.51.100.1 IPV4:198.51.100.2",
                "[ipv4-addr:value = '198.51.100.9/32']                                       | IPV4:198.51.100.9",
                "[email-addr:value = 'o\\'brien@a.example']                                  | EMAIL:o'brien@a.example",
                "[domain-name:value = 'a.example' or domain-name:value = 'b.example']       | DOMAIN:a.example DOMAIN:b.example",
            })
    void everyEqualityOfAnOrAndPatternIsImported(String pattern, String expected) {
        assertEquals(expected, imported(pattern));
        assertEquals(List.of(), StixPatterns.parse(pattern).skipped());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "[ipv4-addr:value = '223.166.0.0/15']                          | | address range 223.166.0.0/15 is not imported",
                "[x509-certificate:issuer = 'CN=x' AND x509-certificate:serial_number = '1a'] | | unsupported object path x509-certificate:issuer",
                "[domain-name:value = 'a.example' OR process:name = 'x.exe']  | DOMAIN:a.example | unsupported object path process:name",
                "[file:name MATCHES '^x']                                     | | pattern compares file:name with 'MATCHES'",
                "[domain-name:value != 'a.example']                           | | pattern compares domain-name:value with '!='",
                "[file:name NOT = 'x']                                        | | pattern compares file:name with 'NOT'",
                "[a:b = 'x'] FOLLOWEDBY [c:d = 'y']                           | | pattern uses FOLLOWEDBY",
                "[ipv4-addr:value = '198.51.100.1'] REPEATS 5 TIMES            | | pattern uses REPEATS",
                "[file:size > 10]                                             | | pattern compares file:size with '>'",
                "[ipv4-addr:value = '198.51.100.1'                            | | pattern is malformed: unbalanced brackets",
                "nonsense                                                     | | pattern uses NONSENSE",
            })
    void whatIsNotImportedIsSaid(String pattern, String expected, String reason) {
        assertEquals(expected == null ? "" : expected, imported(pattern));
        List<String> skipped = StixPatterns.parse(pattern).skipped();
        assertTrue(skipped.stream().anyMatch(s -> s.startsWith(reason)), skipped.toString());
    }
}
