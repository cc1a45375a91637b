package org.monsoon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.monsoon.testing.AdvisoryFixture.anAdvisory;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

class AdvisoryHistoryTest {
    private static final Instant T = Instant.parse("2026-11-21T09:00:00Z");
    private final AdvisoryHistory history = new AdvisoryHistory();

    private List<String> changes(int index) {
        List<String> out = new ArrayList<>();
        history.of("adv-1").get("versions").get(index).get("changes").forEach(c -> out.add(c.asText()));
        return out;
    }

    @Test
    void eachVersionSaysWhatChangedSinceTheOneBefore() {
        history.accept(anAdvisory("adv-1")
                .version(1, T)
                .indicator(IndicatorType.DOMAIN, "a.example", "MY", "SG")
                .build());
        history.accept(anAdvisory("adv-1")
                .version(2, T.plusSeconds(60))
                .severity(Severity.HIGH)
                .tlp(Tlp.AMBER)
                .indicator(IndicatorType.DOMAIN, "a.example", "MY", "SG", "TH")
                .indicator(IndicatorType.MD5, "44d88612fea8a8f36de82e1278abb02f", "SG", "TH")
                .build());
        history.accept(anAdvisory("adv-1")
                .version(3, T.plusSeconds(120))
                .status(AdvisoryStatus.EXPIRED)
                .severity(Severity.HIGH)
                .tlp(Tlp.AMBER)
                .indicator(IndicatorType.DOMAIN, "a.example", "MY", "SG", "TH")
                .build());

        assertEquals(List.of("first published"), changes(0));
        assertEquals(
                List.of(
                        "severity MEDIUM → HIGH",
                        "TLP GREEN → AMBER",
                        "+1 member: TH",
                        "reports 2 → 4",
                        "+1 indicator: MD5 44d88612fea8a8f36de82e1278abb02f"),
                changes(1));
        assertEquals(
                List.of(
                        "status ACTIVE → EXPIRED",
                        "reports 4 → 2",
                        "-1 indicator: MD5 44d88612fea8a8f36de82e1278abb02f"),
                changes(2));
        JsonNode last = history.of("adv-1").get("versions").get(2);
        assertEquals("[\"MY\",\"SG\",\"TH\"]", last.get("countries").toString());
        assertEquals(1, last.get("indicator_count").asInt());
    }

    @Test
    void anExpiredAdvisoryThatComesBackIsReopenedAndATitleChangeIsNamed() {
        history.accept(anAdvisory("adv-1")
                .version(1, T)
                .indicator(IndicatorType.DOMAIN, "a.example", "MY", "SG")
                .build());
        history.accept(anAdvisory("adv-1")
                .version(2, T.plusSeconds(60))
                .status(AdvisoryStatus.EXPIRED)
                .indicator(IndicatorType.DOMAIN, "a.example", "MY", "SG")
                .build());
        history.accept(anAdvisory("adv-1")
                .version(3, T.plusSeconds(120))
                .title("Phishing campaign around b.example")
                .indicator(IndicatorType.DOMAIN, "a.example", "MY", "SG")
                .build());
        assertEquals(
                List.of(
                        "re-opened (was EXPIRED)",
                        "title Phishing campaign around a.example → Phishing campaign around b.example"),
                changes(2));
    }

    @Test
    void aVersionSeenAgainAfterARestartOfTheFeedIsNotRepeated() {
        history.accept(anAdvisory("adv-1")
                .version(1, T)
                .indicator(IndicatorType.DOMAIN, "a.example", "MY", "SG")
                .build());
        history.accept(anAdvisory("adv-1")
                .version(1, T)
                .indicator(IndicatorType.DOMAIN, "a.example", "MY", "SG")
                .build());
        assertEquals(1, history.of("adv-1").get("versions").size());
        assertNull(history.of("adv-2"));
    }

    @Test
    void aHugeAdvisoryIsCountedNotNamedSoTheHistoryStaysSmall() {
        var big = anAdvisory("adv-1").version(1, T);
        for (int i = 0; i <= AdvisoryHistory.KEPT_INDICATORS; i++) {
            big.indicator(IndicatorType.DOMAIN, "host" + i + ".example", "MY", "SG");
        }
        history.accept(big.build());
        history.accept(big.indicator(IndicatorType.DOMAIN, "one-more.example", "MY", "SG")
                .version(2, T.plusSeconds(60))
                .build());
        assertEquals(List.of("reports 1002 → 1004", "indicators 501 → 502"), changes(1));
    }
}
