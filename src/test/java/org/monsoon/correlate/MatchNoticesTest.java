package org.monsoon.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MatchNoticesTest {
    @Test
    void aListOfMemberCodesNamesOnlyWholeCodes() {
        Object[][] table = {
            {"SG", "SG", true},
            {"MY,SG,TH", "SG", true},
            {"MY,SG,TH", "MY", true},
            {"MY,SG,TH", "TH", true},
            {"MY,SG,TH", "VN", false},
            {"MYS,SGP", "MY", false},
            {"XMY", "MY", false},
            {"", "MY", false},
            {"MY,", "MY", true},
        };
        for (Object[] row : table) {
            assertEquals(
                    row[2], MatchNotices.namesMember((String) row[0], (String) row[1]), row[0] + " names " + row[1]);
        }
    }
}
