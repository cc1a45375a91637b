package org.monsoon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryStringTest {
    @Test
    void decodesEveryParameterAndKeepsRepeatedOnesInOrder() {
        assertEquals(
                Map.of("match[type]", List.of("indicator", "report"), "q", List.of("a b+c"), "flag", List.of("")),
                QueryString.parse("match%5Btype%5D=indicator&q=a+b%2Bc&flag&match[type]=report"));
        assertEquals(Map.of(), QueryString.parse(null));
        assertEquals(Map.of(), QueryString.parse(""));
    }

    @Test
    void malformedPercentEncodingIsRefusedWithTheText() {
        assertEquals(
                "malformed percent-encoding in 'a%zz'",
                assertThrows(IllegalArgumentException.class, () -> QueryString.parse("q=a%zz"))
                        .getMessage());
    }
}
