package org.monsoon.testing;

import static org.monsoon.testing.ReportBuilder.aReport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/**
 * A region's worth of traffic with known answers, deterministic for a seed: campaigns of three
 * indicators each that every member sights in part (so advisories form, grow and occasionally merge
 * through a report that bridges two campaigns), one never-repeated indicator per report, about 10%
 * exact redeliveries, 1% undecodable bytes, 1% reports with an impossible indicator, and pairs of RED
 * and AMBER+STRICT reports from two members that would correlate if they were shareable.
 *
 * <p>Sightings per indicator and member stay well under what the correlate stage keeps, so the final
 * advisories do not depend on the order in which partitions were processed.
 */
public final class CampaignScenario {
    /** One record to send; a null report means undecodable bytes. */
    public record Item(String member, String id, IncidentReport report) {}

    public final List<Item> items = new ArrayList<>();
    public final Set<String> expectedAccepted = new HashSet<>();
    public final Set<String> expectedDead = new HashSet<>();
    /** Indicator values only restricted (RED, AMBER+STRICT) reports carry: never in an advisory. */
    public final Set<String> restrictedValues = new HashSet<>();

    public int redeliveries;
    private final AtomicInteger sent = new AtomicInteger();
    private final Map<Integer, CountDownLatch> holds = new ConcurrentHashMap<>();

    private CampaignScenario() {}

    public static CampaignScenario generate(List<String> members, int records, int campaigns, long seed, Instant base) {
        CampaignScenario s = new CampaignScenario();
        Random random = new Random(seed);
        List<Item> originals = new ArrayList<>();
        Tlp[] shareable = {Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER};
        for (int n = 0; n < records; n++) {
            int roll = random.nextInt(100);
            String member = members.get(random.nextInt(members.size()));
            String id = "ft-" + n;
            if (roll < 10 && !originals.isEmpty()) {
                s.items.add(originals.get(random.nextInt(originals.size())));
                s.redeliveries++;
                continue;
            }
            if (roll == 10) {
                s.items.add(new Item(member, id, null));
                s.expectedDead.add(id);
                continue;
            }
            Instant observed = base.plusSeconds(n);
            ReportBuilder report = aReport()
                    .from(member)
                    .withId(id)
                    .observedAt(observed)
                    .reportedAt(observed.plusSeconds(60))
                    .withSeverity(Severity.values()[random.nextInt(3)]);
            if (roll == 11 || roll == 12) {
                // The same secret from two members, RED or AMBER+STRICT: correlated, were it shareable.
                String secret = "secret-" + n + ".example";
                String other = members.get((members.indexOf(member) + 1) % members.size());
                Tlp tlp = roll == 11 ? Tlp.RED : Tlp.AMBER_STRICT;
                s.restrictedValues.add(secret);
                s.accept(
                        member,
                        id,
                        report.withTlp(tlp)
                                .withIndicator(IndicatorType.DOMAIN, secret)
                                .build(),
                        originals);
                s.accept(
                        other,
                        id + "-pair",
                        aReport()
                                .from(other)
                                .withId(id + "-pair")
                                .observedAt(observed)
                                .withTlp(tlp)
                                .withIndicator(IndicatorType.DOMAIN, secret)
                                .build(),
                        originals);
                continue;
            }
            int campaign = random.nextInt(campaigns);
            report.withTlp(shareable[random.nextInt(shareable.length)]);
            campaignIndicators(report, campaign, random);
            if (roll == 13) {
                campaignIndicators(report, (campaign + 1) % campaigns, random); // bridges two campaigns
            }
            report.withIndicator(IndicatorType.DOMAIN, "once-" + n + ".noise.example");
            if (roll == 14) {
                // No indicator with a canonical form: refused whole (one bad among good ones would be
                // accepted without it, with an INVALID_INDICATOR letter).
                s.items.add(new Item(
                        member,
                        id,
                        aReport()
                                .from(member)
                                .withId(id)
                                .observedAt(observed)
                                .withIndicator(IndicatorType.MD5, "not-a-hash")
                                .build()));
                s.expectedDead.add(id);
                continue;
            }
            s.accept(member, id, report.build(), originals);
        }
        return s;
    }

    /**
     * What {@code /api/stats} must answer once everything is processed, as its JSON: per member, reports
     * received, duplicates and dead letters by code; RED and AMBER+STRICT reports are counted nowhere
     * per member, and a redelivery (the same item sent again) is a duplicate.
     */
    public String expectedStats() {
        Map<String, Map<String, Object>> members = new java.util.TreeMap<>();
        Set<Item> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Item item : items) {
            boolean again = !seen.add(item);
            if (item.report() != null
                    && org.monsoon.ingest.ReportRules.restricted(item.report().getTlp())) {
                continue;
            }
            Map<String, Object> m = members.computeIfAbsent(item.member(), k -> new java.util.TreeMap<>());
            m.merge("received", 1L, (x, y) -> (Long) x + (Long) y);
            String code = item.report() == null
                    ? "DESERIALIZATION_FAILED"
                    : expectedDead.contains(item.id()) ? "INVALID_REPORT" : null;
            if (again) {
                m.merge("duplicates", 1L, (x, y) -> (Long) x + (Long) y);
            } else if (code != null) {
                @SuppressWarnings("unchecked")
                Map<String, Long> rejected =
                        (Map<String, Long>) m.computeIfAbsent("rejected", k -> new java.util.TreeMap<String, Long>());
                rejected.merge(code, 1L, Long::sum);
            }
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("members", members));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void accept(String member, String id, IncidentReport report, List<Item> originals) {
        Item item = new Item(member, id, report);
        items.add(item);
        originals.add(item);
        expectedAccepted.add(member + "/" + id);
    }

    /** One or two of the campaign's three indicators: a domain, a URL on it, and a file hash. */
    private static void campaignIndicators(ReportBuilder report, int campaign, Random random) {
        int picked = 0;
        for (int k = 0; k < 3; k++) {
            if (random.nextInt(2) == 0 || (k == 2 && picked == 0)) {
                picked++;
                switch (k) {
                    case 0 -> report.withIndicator(IndicatorType.DOMAIN, "cmp" + campaign + "-login.example");
                    case 1 ->
                        report.withIndicator(IndicatorType.URL, "https://cmp" + campaign + "-cdn.example/payload");
                    default ->
                        report.withIndicator(IndicatorType.SHA256, String.format("%064x", 7919L * (campaign + 1)));
                }
            }
        }
    }

    /**
     * Makes {@link #send} wait, once {@code count} records are out, until {@code gate} opens: a fault
     * injected before then is sure to land mid-stream however fast or slow the machine is.
     */
    public void holdAfter(int count, CountDownLatch gate) {
        holds.put(count, gate);
    }

    /** Records produced so far by {@link #send}. */
    public int sent() {
        return sent.get();
    }

    /**
     * Produces every item to its member's topic, idempotently with acks=all, pausing {@code pauseMs}
     * after each 100 so the stream lasts while faults are injected.
     */
    public void send(MonsoonConfig config, Topics topics, long pauseMs) {
        Map<String, Object> props = config.clientConfig();
        // Not idempotent, one request in flight (as the bench's loader): an idempotent producer on a busy
        // shared broker was seen rejected with OutOfOrderSequence on a fresh partition and retrying for
        // its whole delivery timeout (CrashRecoveryIT in CI), while with one request in flight and acks
        // from all replicas a retry can only repeat a record whose acknowledgement was lost.
        props.put("enable.idempotence", false);
        props.put("max.in.flight.requests.per.connection", 1);
        props.put("acks", "all");
        props.put("delivery.timeout.ms", 300_000);
        Topics.Topic<String, IncidentReport> any =
                topics.reports(config.members().get(0));
        var values = any.valueSerde().serializer();
        // One producer for Avro and garbage alike.
        try (KafkaProducer<byte[], byte[]> raw =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Item item : items) {
                CountDownLatch gate = holds.get(sent.get());
                if (gate != null) {
                    raw.flush();
                    if (!await(gate)) {
                        return;
                    }
                }
                String topic = topics.reports(item.member()).name();
                byte[] value = item.report() == null
                        ? "\u0001garbage".getBytes(StandardCharsets.UTF_8)
                        : values.serialize(topic, item.report());
                raw.send(new ProducerRecord<>(topic, item.id().getBytes(StandardCharsets.UTF_8), value));
                if (sent.incrementAndGet() % 100 == 0) {
                    raw.flush();
                    if (pauseMs > 0 && !pause(pauseMs)) {
                        return;
                    }
                }
            }
        }
    }

    /** Waits (five minutes at most) for the gate; false when interrupted. */
    private static boolean await(CountDownLatch gate) {
        try {
            gate.await(5, TimeUnit.MINUTES);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
