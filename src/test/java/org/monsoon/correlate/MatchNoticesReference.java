package org.monsoon.correlate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.monsoon.schema.MatchNotice;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.RestrictedHolding;
import org.monsoon.schema.Tlp;

/**
 * The match-notice computation as it was before the ninth session made it compute the members named
 * before their spans, kept as the reference {@link MatchNoticesEquivalenceTest} compares the current
 * rule with. Only the computation is kept: the notices are built, and the window compared, by the
 * rule's own helpers, which that change left as they were.
 */
final class MatchNoticesReference {
    private MatchNoticesReference() {}

    static List<MatchNotice> due(
            String indicator,
            IndicatorTimes times,
            long windowMs,
            long now,
            Function<String, List<ReportLink>> sharedReports) {
        Map<String, List<RestrictedHolding>> byRecipient = new TreeMap<>();
        times.restricted()
                .forEach(r -> byRecipient
                        .computeIfAbsent(r.getMember(), m -> new ArrayList<>())
                        .add(r));
        List<MatchNotice> notices = new ArrayList<>();
        for (String recipient : new TreeSet<>(times.notified().keySet())) {
            if (!byRecipient.containsKey(recipient)) {
                notices.add(MatchNotices.cleared(indicator, recipient, List.of(), now));
                times.notified().remove(recipient);
            }
        }
        byRecipient.forEach((recipient, own) -> {
            // Plain loops over the recipient's own times: on a hot indicator this compares up to eight
            // times of each of eleven members with up to eight own ones, for every restricted sighting.
            long[] ownTimes = new long[own.size()];
            for (int i = 0; i < ownTimes.length; i++) {
                ownTimes[i] = own.get(i).getObservedAt();
            }
            TreeMap<String, long[]> others = new TreeMap<>();
            times.byMember().forEach((member, memberTimes) -> {
                if (member.equals(recipient)) {
                    return;
                }
                long[] span = null;
                for (long t : memberTimes) {
                    if (MatchNotices.withinWindowOfAny(t, ownTimes, windowMs)) {
                        span = span == null
                                ? new long[] {t, t}
                                : new long[] {Math.min(span[0], t), Math.max(span[1], t)};
                    }
                }
                if (span != null) {
                    others.put(member, span);
                }
            });
            String digest = String.join(",", others.keySet());
            String before = times.notified().get(recipient);
            List<String> reportIds =
                    own.stream().map(RestrictedHolding::getReportId).sorted().toList();
            if (others.isEmpty()) {
                if (before != null) {
                    notices.add(MatchNotices.cleared(indicator, recipient, reportIds, now));
                    times.notified().remove(recipient);
                }
                return;
            }
            if (digest.equals(before)) {
                return;
            }
            Tlp tlp = Tlp.CLEAR;
            for (String member : others.keySet()) {
                for (ReportLink r : sharedReports.apply(member)) {
                    tlp = r.getTlp().ordinal() > tlp.ordinal() ? r.getTlp() : tlp;
                }
            }
            long first = others.values().stream().mapToLong(s -> s[0]).min().orElseThrow();
            long last = others.values().stream().mapToLong(s -> s[1]).max().orElseThrow();
            notices.add(MatchNotices.matched(
                    indicator, recipient, reportIds, new ArrayList<>(others.keySet()), tlp, first, last, now));
            times.notified().put(recipient, digest);
        });
        return notices;
    }
}
