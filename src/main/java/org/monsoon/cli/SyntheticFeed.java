package org.monsoon.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.Indicator;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/**
 * Believable incident reports from every member for the demo: a small pool of campaign indicators that
 * several members see (so correlations appear), mixed with indicators only one member sees, a little
 * defanging and upper case (as CERTs send them), and now and then a RED report.
 */
public final class SyntheticFeed {
    private static final String[][] CAMPAIGNS = {
        {"DOMAIN", "update-check[.]monsoon-demo.example"},
        {"IPV4", "203.0.113.17"},
        {"URL", "hxxp://Cdn.Monsoon-Demo.example:80/a/../payload.bin"},
        {"SHA256", "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"},
        {"DOMAIN", "login-verify.demo-bank.example"},
        {"IPV4", "198.51.100.23"},
        {"CVE", "cve-2026-12345"},
        {"MALWARE", "Lumma Stealer"},
    };
    private static final String[][] TAXONOMY = {
        {"malicious-code", "malware-distribution"},
        {"fraud", "phishing"},
        {"intrusions", "system-compromise"},
        {"vulnerable", "vulnerable-system"},
    };
    private static final String[] SECTORS = {"energy", "finance", "health", "government", "telecom", "transport"};

    private final List<String> members;
    private final Random random;
    private final int maxAgeSeconds;
    private long sequence;

    public SyntheticFeed(List<String> members, long seed) {
        this(members, seed, java.time.Duration.ofHours(1));
    }

    /** Reports observed up to {@code maxAge} before they are sent (at least a second). */
    public SyntheticFeed(List<String> members, long seed, java.time.Duration maxAge) {
        this.members = List.copyOf(members);
        this.random = new Random(seed);
        this.maxAgeSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxAge.toSeconds()));
    }

    /** The next report; the member is drawn at random. */
    public IncidentReport next(Instant now) {
        String member = members.get(random.nextInt(members.size()));
        long n = ++sequence;
        List<Indicator> indicators = new ArrayList<>();
        int campaign = random.nextInt(CAMPAIGNS.length / 2) * 2;
        indicators.add(indicator(CAMPAIGNS[campaign]));
        if (random.nextBoolean()) {
            indicators.add(indicator(CAMPAIGNS[campaign + 1]));
        }
        indicators.add(new Indicator(IndicatorType.IPV4, "192.0.2." + (1 + random.nextInt(250))));
        String[] taxonomy = TAXONOMY[random.nextInt(TAXONOMY.length)];
        Tlp tlp = random.nextInt(20) == 0 ? Tlp.RED : Tlp.values()[random.nextInt(3)];
        return IncidentReport.newBuilder()
                .setReportId(member.toLowerCase() + "-demo-" + now.toEpochMilli() + "-" + n)
                .setReporter(member)
                .setObservedAt(now.minusSeconds(random.nextInt(maxAgeSeconds)))
                .setReportedAt(now)
                .setTlp(tlp)
                .setSeverity(Severity.values()[random.nextInt(Severity.values().length)])
                .setCategory(taxonomy[0])
                .setType(taxonomy[1])
                .setSector(SECTORS[random.nextInt(SECTORS.length)])
                .setTitle("Demo " + taxonomy[1].replace('-', ' ') + " seen by CERT " + member)
                .setDescription("Synthetic report produced by 'monsoon demo'.")
                .setIndicators(indicators)
                .setReferences(List.of())
                .build();
    }

    private static Indicator indicator(String[] spec) {
        return new Indicator(IndicatorType.valueOf(spec[0]), spec[1]);
    }
}
