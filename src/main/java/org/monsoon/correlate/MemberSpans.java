package org.monsoon.correlate;

import java.util.ArrayList;
import java.util.List;
import org.monsoon.schema.MemberSpan;

/** Member spans of an indicator (first and last sighting per member), kept in member order. */
public final class MemberSpans {
    private MemberSpans() {}

    /** Each member's span widened by the update's; both lists are in member order, and so is the result. */
    public static List<MemberSpan> widen(List<MemberSpan> known, List<MemberSpan> update) {
        List<MemberSpan> out = new ArrayList<>(Math.max(known.size(), update.size()));
        int i = 0;
        int j = 0;
        while (i < known.size() || j < update.size()) {
            int order = i == known.size()
                    ? 1
                    : j == update.size()
                            ? -1
                            : known.get(i).getMember().compareTo(update.get(j).getMember());
            if (order < 0) {
                out.add(known.get(i++));
            } else if (order > 0) {
                out.add(update.get(j++));
            } else {
                MemberSpan a = known.get(i++);
                MemberSpan b = update.get(j++);
                out.add(new MemberSpan(
                        a.getMember(),
                        Math.min(a.getFirstSeen(), b.getFirstSeen()),
                        Math.max(a.getLastSeen(), b.getLastSeen())));
            }
        }
        return out;
    }
}
