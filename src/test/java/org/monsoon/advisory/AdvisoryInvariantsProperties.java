package org.monsoon.advisory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;
import org.monsoon.schema.WarninglistMatch;
import org.monsoon.testing.ReportBuilder;
import org.monsoon.testing.RestartablePipeline;

/**
 * The advisory invariants as properties over random scenarios driven through the whole topology:
 * reports from random members (shareable, RED and AMBER+STRICT), revisions, withdrawals, exact
 * redeliveries, warninglist additions, the window crossed (advisories expire, are forgotten, and
 * campaigns re-form under the same ids), bridging reports that merge campaigns, and restarts of the
 * driver on the same state. Every advisory record written is checked ({@link AdvisoryInvariants}); at
 * each settle point, once {@code advisory-refresh} has passed, the latest versions must state what
 * {@link AdvisoryModel} says of the input; and a fresh run over the same input, without restarts, must
 * end with the same advisories. Seeded and bounded, so a run is repeatable and takes well under a
 * minute; shrunk counterexamples become named tests in {@link AdvisoryInvariantScenariosTest}.
 */
class AdvisoryInvariantsProperties {
    static final Instant T0 = ReportBuilder.T0;
    /** The ingest clock: reports of the last epoch are observed well before it. */
    static final Instant NOW = T0.plus(Duration.ofDays(60));

    static final Duration REFRESH = Duration.ofSeconds(60);
    static final List<String> MEMBERS = List.of("SG", "MY", "TH", "VN", "ID");
    /** Canonical values, so the model need not canonicalise. */
    static final List<IndicatorType> POOL_TYPES = List.of(
            IndicatorType.DOMAIN,
            IndicatorType.DOMAIN,
            IndicatorType.DOMAIN,
            IndicatorType.DOMAIN,
            IndicatorType.IPV4,
            IndicatorType.IPV4,
            IndicatorType.SHA256,
            IndicatorType.CVE);

    static final List<String> POOL = List.of(
            "alpha.example",
            "bravo.example",
            "charlie.example",
            "delta.example",
            "198.51.100.7",
            "198.51.100.9",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "CVE-2026-12345");
    static final List<String[]> RSIT = List.of(
            new String[] {"fraud", "phishing"},
            new String[] {"malicious-code", "malware-distribution"},
            new String[] {"intrusions", "system-compromise"});

    /** One thing that happens to the region. */
    sealed interface Step {}

    /** A report (or a revision, when the member reused the slot) of some pool indicators. */
    record Send(String member, int slot, Tlp tlp, Severity severity, int rsit, Set<Integer> indicators, int day)
            implements Step {}

    record Withdraw(String member, int slot) implements Step {}

    /** The last report sent, sent again unchanged. */
    record Redeliver() implements Step {}

    record Warninglist(int indicator) implements Step {}

    /** Time for every change to be published, then the latest versions are checked against the model. */
    record Settle() implements Step {}

    record Restart() implements Step {}

    /** The window is crossed: advisories expire and are forgotten; reports after it start afresh. */
    record Expire() implements Step {}

    @Property(tries = 40, seed = "20261206", shrinking = ShrinkingMode.BOUNDED, maxDiscardRatio = 1)
    void everyAdvisoryRecordKeepsTheInvariantsAndTheLatestStateTheFacts(@ForAll("scenarios") List<Step> steps) {
        Run run = Run.of(steps, true);
        assertEquals(List.of(), run.invariants.violations(), "steps: " + steps);
        Run fresh = Run.of(steps, false);
        assertEquals(List.of(), fresh.invariants.violations(), "without restarts, steps: " + steps);
        assertEquals(comparable(fresh.latest), comparable(run.latest), "a fresh run ends elsewhere; steps: " + steps);
    }

    /** The latest advisories without the time each was written. */
    static Map<String, String> comparable(Map<String, Advisory> latest) {
        Map<String, String> out = new java.util.TreeMap<>();
        latest.forEach((id, a) -> out.put(
                id, Advisory.newBuilder(a).setUpdatedAt(Instant.EPOCH).build().toString()));
        return out;
    }

    @Provide
    Arbitrary<List<Step>> scenarios() {
        Arbitrary<Step> send = Combinators.combine(
                        Arbitraries.of(MEMBERS),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.frequency(
                                Tuple.of(3, Tlp.CLEAR),
                                Tuple.of(4, Tlp.GREEN),
                                Tuple.of(3, Tlp.AMBER),
                                Tuple.of(1, Tlp.AMBER_STRICT),
                                Tuple.of(1, Tlp.RED)),
                        Arbitraries.of(Severity.class),
                        Arbitraries.integers().between(0, RSIT.size() - 1),
                        Arbitraries.integers()
                                .between(0, POOL.size() - 1)
                                .set()
                                .ofMinSize(1)
                                .ofMaxSize(3),
                        Arbitraries.integers().between(0, 3))
                .as(Send::new);
        Arbitrary<Step> withdraw = Combinators.combine(
                        Arbitraries.of(MEMBERS), Arbitraries.integers().between(0, 3))
                .as(Withdraw::new);
        return Arbitraries.frequencyOf(
                        Tuple.of(12, send),
                        Tuple.of(2, withdraw),
                        Tuple.of(1, Arbitraries.just(new Redeliver())),
                        Tuple.of(
                                1,
                                Arbitraries.integers()
                                        .between(0, POOL.size() - 1)
                                        .map(Warninglist::new)),
                        Tuple.of(2, Arbitraries.just(new Settle())),
                        Tuple.of(1, Arbitraries.just(new Restart())),
                        Tuple.of(1, Arbitraries.just(new Expire())))
                .list()
                .ofMinSize(4)
                .ofMaxSize(30);
    }

    /** One run of a scenario: the pipeline, the model, and what the checks found. */
    static final class Run {
        final AdvisoryInvariants invariants;
        final Map<String, Advisory> latest = new LinkedHashMap<>();
        private final AdvisoryModel model = new AdvisoryModel(2);
        private final Set<String> restricted = new HashSet<>();
        private final RestartablePipeline pipeline = new RestartablePipeline(NOW, REFRESH);
        private int checked;
        private int epoch;
        private IncidentReport last;

        private Run() {
            invariants = new AdvisoryInvariants(restricted);
        }

        static Run of(List<Step> steps, boolean restarts) {
            Run run = new Run();
            try (RestartablePipeline p = run.pipeline) {
                for (Step step : steps) {
                    if (!(step instanceof Restart) || restarts) {
                        run.apply(step);
                    }
                }
                run.apply(new Settle());
            }
            return run;
        }

        void apply(Step step) {
            if (step instanceof Send s) {
                send(s);
            } else if (step instanceof Withdraw w) {
                String id = id(w.member(), w.slot());
                if (model.holds(w.member(), id)) { // a withdrawal of an unknown id is another issue's
                    model.withdraw(w.member(), id);
                    pipeline.withdraw(w.member(), id, base().plusSeconds(3600));
                }
            } else if (step instanceof Redeliver) {
                if (last != null) {
                    pipeline.send(last);
                }
            } else if (step instanceof Warninglist w) {
                pipeline.warninglist(WarninglistMatch.STRING, POOL.get(w.indicator()));
                model.warninglist(
                        org.monsoon.correlate.IndicatorKey.of(POOL_TYPES.get(w.indicator()), POOL.get(w.indicator())));
            } else if (step instanceof Settle) {
                pipeline.advance(REFRESH.plusSeconds(2), Duration.ofSeconds(1));
                check();
                invariants.matches(latest, model);
            } else if (step instanceof Restart) {
                pipeline.restart();
            } else if (step instanceof Expire && epoch < 2) {
                // Event time moves three weeks on (a lone report, correlating with nothing): past the
                // window, so the advisories expire, and past another, so they are forgotten; the
                // stage's sweeps (wall-clock) notice it. Wall-clock time alone is not used: on the
                // test driver, whose stages share one task, it would move every stage's stream time.
                epoch++;
                model.newEpoch();
                IncidentReport clock = ReportBuilder.aReport()
                        .from("SG")
                        .withId("clock-e" + epoch)
                        .observedAt(base().plus(Duration.ofDays(3)))
                        .withTlp(Tlp.GREEN)
                        .withIndicator(IndicatorType.DOMAIN, "clock-" + epoch + ".example")
                        .build();
                model.report(clock);
                pipeline.send(clock);
                pipeline.advance(Duration.ofSeconds(70), Duration.ofSeconds(1));
            }
            pipeline.advance(Duration.ofSeconds(1), Duration.ofSeconds(1));
            check();
        }

        /** Every advisory record the run wrote. */
        List<Advisory> written() {
            return pipeline.written();
        }

        private void send(Send s) {
            String id = id(s.member(), s.slot());
            ReportBuilder report = ReportBuilder.aReport()
                    .from(s.member())
                    .withId(id)
                    .observedAt(base().plus(Duration.ofDays(s.day())).plusSeconds(s.slot()))
                    .reportedAt(base().plus(Duration.ofDays(s.day())).plusSeconds(600))
                    .withTlp(s.tlp())
                    .withSeverity(s.severity())
                    .withIncidentType(RSIT.get(s.rsit())[0], RSIT.get(s.rsit())[1]);
            s.indicators().stream().sorted().forEach(i -> report.withIndicator(POOL_TYPES.get(i), POOL.get(i)));
            if (s.tlp() == Tlp.RED || s.tlp() == Tlp.AMBER_STRICT) {
                String secret = "secret-" + id + ".example";
                restricted.add(secret);
                report.withIndicator(IndicatorType.DOMAIN, secret);
            }
            last = report.build();
            model.report(last);
            pipeline.send(last);
        }

        private String id(String member, int slot) {
            return member.toLowerCase() + "-e" + epoch + "-" + slot;
        }

        private Instant base() {
            return T0.plus(Duration.ofDays(20L * epoch));
        }

        private void check() {
            List<Advisory> written = pipeline.written();
            for (; checked < written.size(); checked++) {
                Advisory a = written.get(checked);
                invariants.accept(a);
                latest.put(a.getAdvisoryId(), a);
            }
        }
    }
}
