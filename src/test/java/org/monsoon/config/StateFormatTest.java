package org.monsoon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.monsoon.config.StateFormat.Recorded;
import org.monsoon.config.StateFormat.Verdict;

class StateFormatTest {
    private static final int NOW = StateFormat.CURRENT;

    static Stream<Arguments> cases() {
        Optional<Recorded> none = Optional.empty();
        return Stream.of(
                // recorded, has state, assumed, partitions, verdict, the message names
                Arguments.of("a first start", none, false, null, 3, Verdict.FRESH, ""),
                Arguments.of(
                        "reset since: a stale record describes nothing",
                        rec(NOW + 5, 7),
                        false,
                        null,
                        3,
                        Verdict.FRESH,
                        ""),
                Arguments.of("the same format", rec(NOW, 3), true, null, 3, Verdict.CURRENT, ""),
                Arguments.of(
                        "an older readable format",
                        rec(StateFormat.OLDEST_READABLE, 3),
                        true,
                        null,
                        3,
                        NOW > StateFormat.OLDEST_READABLE ? Verdict.UPGRADE : Verdict.CURRENT,
                        ""),
                Arguments.of(
                        "a newer release wrote it",
                        rec(NOW + 1, 3),
                        true,
                        null,
                        3,
                        Verdict.REFUSE,
                        "run that build or a newer one"),
                Arguments.of(
                        "too old to read",
                        rec(StateFormat.OLDEST_READABLE - 1, 3),
                        true,
                        null,
                        3,
                        Verdict.REFUSE,
                        "kafka-streams-application-reset --application-id monsoon"),
                Arguments.of(
                        "another partition count",
                        rec(NOW, 6),
                        true,
                        null,
                        3,
                        Verdict.REFUSE,
                        "run with --partitions 6"),
                Arguments.of("state with no record", none, true, null, 3, Verdict.REFUSE, "--assume-state-format"),
                Arguments.of("state with no record, vouched for", none, true, NOW, 3, Verdict.CURRENT, ""),
                Arguments.of("vouched for, but too old", none, true, 0, 3, Verdict.REFUSE, "cannot read"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(
            String name,
            Optional<Recorded> recorded,
            boolean hasState,
            Integer assumed,
            int partitions,
            Verdict verdict,
            String names) {
        StateFormat.Decision decision =
                StateFormat.decide(recorded, hasState, Optional.ofNullable(assumed), partitions, "monsoon");
        assertEquals(verdict, decision.verdict(), decision.message());
        assertTrue(decision.message().contains(names), decision.message());
        assertTrue(!decision.message().contains("\n"), "one line");
        if (decision.verdict() == Verdict.REFUSE) {
            assertTrue(
                    decision.message().contains("reset") || decision.message().contains("run "),
                    "every refusal names the way forward: " + decision.message());
        }
    }

    @org.junit.jupiter.api.Test
    void aRecordReadsBackAsWritten() {
        Recorded r = StateFormatGuard.parse("{\"format\":2,\"partitions\":3,\"build\":\"monsoon 0.1.0 (commit abc)\"}");
        assertEquals(new Recorded(2, 3, "monsoon 0.1.0 (commit abc)"), r);
    }

    private static Optional<Recorded> rec(int format, int partitions) {
        return Optional.of(new Recorded(format, partitions, "monsoon 9.9 (commit f00)"));
    }
}
