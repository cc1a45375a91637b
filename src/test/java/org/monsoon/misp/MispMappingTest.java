package org.monsoon.misp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monsoon.schema.Tlp;

/** The pure mappings: MISP attribute types to indicators, and tags to TLP, RSIT and malware. */
class MispMappingTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "ip-dst;                185.220.101.47;                        IPV4:185.220.101.47",
                "ip-src;                2001:db8::1;                           IPV6:2001:db8::1",
                "ip-dst|port;           185.220.101.47|443;                    IPV4:185.220.101.47",
                "ip-src|port;           2001:db8::1|8443;                      IPV6:2001:db8::1",
                "domain;                evil.example;                          DOMAIN:evil.example",
                "hostname;              www.evil.example;                      DOMAIN:www.evil.example",
                "hostname|port;         www.evil.example|8080;                 DOMAIN:www.evil.example",
                "domain|ip;             evil.example|203.0.113.7;              DOMAIN:evil.example IPV4:203.0.113.7",
                "url;                   http://evil.example/x;                 URL:http://evil.example/x",
                "email-src;             a@evil.example;                        EMAIL:a@evil.example",
                "email-dst;             b@evil.example;                        EMAIL:b@evil.example",
                "md5;                   44d88612fea8a8f36de82e1278abb02f;      MD5:44d88612fea8a8f36de82e1278abb02f",
                "filename|md5;          a.exe|44d88612fea8a8f36de82e1278abb02f; MD5:44d88612fea8a8f36de82e1278abb02f",
                "malware-sample;        a.exe|44d88612fea8a8f36de82e1278abb02f; MD5:44d88612fea8a8f36de82e1278abb02f",
                "filename|sha1;         a.exe|3395856ce81f2b7382dee72602f798b642f14140; SHA1:3395856ce81f2b7382dee72602f798b642f14140",
                "sha256;                ab;                                    SHA256:ab",
                "vulnerability;         cve-2026-0001;                         CVE:CVE-2026-0001",
                "malware-type;          Emotet;                                MALWARE:Emotet",
                "IP-DST;                10.1.2.3;                              IPV4:10.1.2.3",
            })
    void attributeTypesGiveIndicators(String type, String value, String expected) {
        MispAttributes.Mapped mapped = MispAttributes.map(type, value);
        assertEquals(null, mapped.skipped());
        assertEquals(
                expected,
                mapped.indicators().stream()
                        .map(i -> i.getType() + ":" + i.getValue())
                        .collect(Collectors.joining(" ")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "ip-src;      45.9.148.0/24;   address range 45.9.148.0/24 is not imported",
                "ip-dst|port; 10.0.0.0/8|53;   address range 10.0.0.0/8 is not imported",
                "uri;         /wp-admin/x.php; attribute type uri is a path",
                "link;        https://x;       attribute type link is a reference",
                "sha512;      cf83e1;          attribute type sha512 is not imported",
                "regkey;      HKLM\\x;         attribute type regkey is not imported",
            })
    void whatItCannotUseIsSkippedWithTheReason(String type, String value, String reason) {
        MispAttributes.Mapped mapped = MispAttributes.map(type, value);
        assertTrue(mapped.indicators().isEmpty());
        assertTrue(mapped.skipped().startsWith(reason), mapped.skipped());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "tlp:white;        CLEAR",
                "tlp:clear;        CLEAR",
                "TLP:GREEN;        GREEN",
                "tlp:amber;        AMBER",
                "tlp:amber+strict; AMBER_STRICT",
                "tlp:red;          RED",
            })
    void tlpTagsInBothVersions(String tag, Tlp tlp) {
        assertEquals(new MispTags.TlpTag.Label(tlp), MispTags.tlp(tag));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {"tlp:ex:chr", "tlp:black", "tlp:amber-ish"})
    void anUnknownTlpLabelIsReportedSoTheImportFailsClosed(String tag) {
        assertEquals(new MispTags.TlpTag.Unknown(tag), MispTags.tlp(tag));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "rsit:fraud=\"phishing\";                         fraud;          phishing",
                "rsit:malicious-code=\"malware-distribution\";    malicious-code; malware-distribution",
                "ecsirt:malicious-code=\"malware\";               malicious-code; malware",
                "ecsirt:intrusions=\"privileged-account-compromise\"; intrusions; privileged-account-compromise",
            })
    void rsitAndEcsirtTags(String tag, String category, String type) {
        assertEquals(Optional.of(new MispTags.Rsit(category, type)), MispTags.rsit(tag));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "misp-galaxy:malpedia=\"Emotet\";                    Emotet",
                "misp-galaxy:mitre-malware=\"BlackEnergy - S0089\";  BlackEnergy",
                "misp-galaxy:ransomware=\"LockBit\";                 LockBit",
            })
    void malwareFromGalaxyTags(String tag, String name) {
        assertEquals(Optional.of(name), MispTags.malware(tag));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {"misp-galaxy:threat-actor=\"APT32\"", "osint:source-type=\"blog-post\"", "tlp:red"})
    void otherTagsSayNothing(String tag) {
        assertEquals(Optional.empty(), MispTags.malware(tag));
        assertEquals(Optional.empty(), MispTags.rsit(tag));
    }
}
