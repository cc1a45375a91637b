package org.monsoon.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.monsoon.schema.MemberSpan;

/** {@link MemberSpans#widen}: member spans merged in member order, each the union of both. */
class SpanWideningTest {

    /** "MY:1-5" is member MY first seen at 1, last seen at 5. */
    private static List<MemberSpan> spans(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(text.split(" "))
                .map(s -> {
                    String[] parts = s.split("[:-]");
                    return new MemberSpan(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]));
                })
                .toList();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("", "", ""),
                Arguments.of("MY:1-5", "", "MY:1-5"),
                Arguments.of("", "SG:2-3", "SG:2-3"),
                Arguments.of("MY:1-5", "MY:3-4", "MY:1-5"),
                Arguments.of("MY:3-4", "MY:1-9", "MY:1-9"),
                Arguments.of("MY:3-4", "MY:2-4", "MY:2-4"),
                Arguments.of("MY:3-4", "MY:4-7", "MY:3-7"),
                Arguments.of("ID:1-2 SG:5-6", "MY:3-4", "ID:1-2 MY:3-4 SG:5-6"),
                Arguments.of("MY:3-4", "ID:1-2 SG:5-6", "ID:1-2 MY:3-4 SG:5-6"),
                Arguments.of("BN:1-1 MY:3-4 VN:9-9", "BN:0-2 TH:5-5 VN:8-10", "BN:0-2 MY:3-4 TH:5-5 VN:8-10"));
    }

    @ParameterizedTest(name = "[{0}] widened by [{1}] is [{2}]")
    @MethodSource("cases")
    void widensEachMembersSpanAndKeepsMemberOrder(String known, String update, String expected) {
        assertEquals(spans(expected), MemberSpans.widen(spans(known), spans(update)));
    }
}
