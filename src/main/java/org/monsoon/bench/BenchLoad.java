package org.monsoon.bench;

import java.time.Duration;
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
 * A synthetic load: reports from every member, three to five indicators each, 10% exact
 * redeliveries, 1% invalid records (half undecodable bytes, half an impossible indicator) and 2% RED
 * or AMBER_STRICT reports. Deterministic for a seed. Where the indicators come from is the
 * {@link Mix}.
 */
public final class BenchLoad {
    /** Where a report's indicators come from. */
    public enum Mix {
        /**
         * As real reports: each report is about one campaign (popularity Zipf over the campaigns) and
         * draws most of its indicators from that campaign's pool, plus noise seen once, plus now and
         * then one of a few values every campaign shares (shared hosting, a sinkhole, a shortener).
         */
        CAMPAIGNS,
        /** The stress mix: every indicator drawn by Zipf popularity over the whole universe. */
        RANDOM
    }

    /** Indicators in one campaign's pool. */
    static final int POOL = 30;
    /** Values every campaign may share: hubs under the default hub-reports. */
    static final int SHARED_VALUES = 20;
    /** Of a report's indicators: the share drawn from its campaign's pool, and from the shared values. */
    static final double FROM_POOL = 0.75;

    static final double SHARED = 0.05;

    /** One record to send: member, key, report (null for undecodable bytes); redelivery marks a resend. */
    public record Item(String member, String key, IncidentReport report, boolean redelivery, boolean invalid) {}

    private final List<String> members;
    private final long distinct;
    private final double zipfExponent;
    private final Random random;
    private final Instant base;
    private final double freshShare;
    private final Mix mix;
    private final long campaigns;

    /**
     * @param freshShare share of indicators drawn uniformly from the whole universe rather than by
     *     popularity: 0 for the realistic mix, high for the scale series, which must fill the window
     *     with about {@code distinctIndicators} different values
     */
    public BenchLoad(List<String> members, long distinctIndicators, double freshShare, long seed, Instant now) {
        this(Mix.RANDOM, members, distinctIndicators, freshShare, seed, now);
    }

    /**
     * @param mix where indicators come from; with {@link Mix#CAMPAIGNS}, {@code distinctIndicators}
     *     sets the number of campaigns (one per {@link #POOL} values)
     */
    public BenchLoad(
            Mix mix, List<String> members, long distinctIndicators, double freshShare, long seed, Instant now) {
        this.mix = mix;
        this.campaigns = Math.max(10, distinctIndicators / POOL);
        this.members = members;
        this.distinct = distinctIndicators;
        this.freshShare = freshShare;
        this.zipfExponent = 1.1;
        this.random = new Random(seed);
        this.base = now.minus(Duration.ofDays(3));
    }

    public List<Item> generate(int count) {
        List<Item> items = new ArrayList<>(count);
        List<Item> originals = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            int roll = random.nextInt(1000);
            if (roll < 100 && !originals.isEmpty()) {
                Item original = originals.get(random.nextInt(originals.size()));
                items.add(new Item(original.member(), original.key(), original.report(), true, false));
                continue;
            }
            String member = members.get(random.nextInt(members.size()));
            String id = "bench-" + n;
            if (roll < 105) {
                items.add(new Item(member, id, null, false, true));
                continue;
            }
            List<Indicator> indicators = new ArrayList<>(5);
            int k = 3 + random.nextInt(3);
            long campaign = mix == Mix.CAMPAIGNS ? zipfRank(campaigns) : -1;
            for (int i = 0; i < k; i++) {
                if (mix == Mix.CAMPAIGNS) {
                    indicators.add(campaignIndicator(campaign, n, i));
                } else {
                    long rank = random.nextDouble() < freshShare ? (long) (random.nextDouble() * distinct) : zipfRank();
                    indicators.add(indicator(rank));
                }
            }
            boolean invalid = roll < 110;
            if (invalid) {
                // Its only indicator has no canonical form: refused whole. (A bad one among good ones would
                // be accepted without it, with an INVALID_INDICATOR letter, and count twice below.)
                indicators.clear();
                indicators.add(new Indicator(IndicatorType.IPV4, "999.0.0." + n % 250));
            }
            Tlp tlp = roll < 130 ? (roll % 2 == 0 ? Tlp.RED : Tlp.AMBER_STRICT) : Tlp.values()[random.nextInt(3)];
            IncidentReport report = IncidentReport.newBuilder()
                    .setReportId(id)
                    .setReporter(member)
                    .setObservedAt(base.plusMillis(
                            (long) (random.nextDouble() * Duration.ofDays(3).toMillis())))
                    .setReportedAt(Instant.now())
                    .setTlp(tlp)
                    .setSeverity(Severity.values()[random.nextInt(4)])
                    .setCategory("malicious-code")
                    .setType("malware-distribution")
                    .setSector("finance")
                    .setTitle("Benchmark report " + n)
                    .setDescription(null)
                    .setIndicators(indicators)
                    .setReferences(new ArrayList<>())
                    .build();
            Item item = new Item(member, id, report, false, invalid);
            items.add(item);
            if (!invalid) {
                originals.add(item);
            }
        }
        return items;
    }

    /** Rank 0..distinct-1 with P(rank) proportional to 1/(rank+1)^s (continuous inverse approximation). */
    long zipfRank() {
        return zipfRank(distinct);
    }

    /** Rank 0..n-1 with P(rank) proportional to 1/(rank+1)^s. */
    private long zipfRank(long n) {
        double u = random.nextDouble();
        double s = zipfExponent;
        double max = Math.pow(n + 1.0, 1 - s);
        double x = Math.pow(u * (max - 1) + 1, 1 / (1 - s));
        return Math.min(n - 1, Math.max(0, (long) x - 1));
    }

    /** One indicator of a report about {@code campaign}: from its pool, a shared value, or noise. */
    private Indicator campaignIndicator(long campaign, int report, int position) {
        double roll = random.nextDouble();
        if (roll < FROM_POOL) {
            long value = random.nextInt(POOL);
            return value % 2 == 0
                    ? new Indicator(IndicatorType.DOMAIN, "c" + campaign + "-" + value + ".campaign.example")
                    : new Indicator(IndicatorType.SHA256, String.format("%064x", campaign * POOL + value + 1));
        }
        if (roll < FROM_POOL + SHARED) {
            return new Indicator(IndicatorType.DOMAIN, "shared-" + zipfRank(SHARED_VALUES) + ".hosting.example");
        }
        return new Indicator(IndicatorType.DOMAIN, "n" + report + "-" + position + ".noise.example");
    }

    static Indicator indicator(long rank) {
        if (rank % 2 == 0) {
            return new Indicator(IndicatorType.DOMAIN, "i" + rank + ".bench-" + (rank % 997) + ".example");
        }
        return new Indicator(IndicatorType.MD5, String.format("%032x", rank * 2654435761L));
    }
}
