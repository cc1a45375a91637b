package org.monsoon.correlate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.monsoon.schema.MatchNotice;
import org.monsoon.schema.NoticeState;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.RestrictedHolding;
import org.monsoon.schema.Tlp;

/**
 * Private match notices, as a pure rule over one indicator's state: a member whose RED or AMBER+STRICT
 * report holds the indicator is told which other members' shareable reports hold it within the
 * window of its own observation, their most restrictive TLP and their first and last sighting. It is
 * told again only when that set of members changes (idempotent per indicator and set), and told
 * CLEARED when the set becomes empty or its own restricted report no longer holds the indicator. A
 * notice names nothing of the restricted report but the recipient's own report ids, and nothing that
 * the shareable reports do not already share.
 */
final class MatchNotices {
    private MatchNotices() {}

    /**
     * Whether one more shareable sighting by {@code member}, observed at {@code observedAt}, cannot change
     * any notice: a sighting only adds its member to a notice, and only to the notice of a restricted
     * report observed within the window of it, so it cannot when every such report's member has already
     * been told of {@code member}. The common case on a hot indicator, answered without computing a notice.
     */
    static boolean alreadyNamed(IndicatorTimes times, String member, long observedAt, long windowMs) {
        // Each recipient is looked up once: a hot indicator keeps up to eight restricted reports per member.
        List<String> named = new ArrayList<>(4);
        for (var holding : times.restricted()) {
            String recipient = holding.getMember();
            if (recipient.equals(member)
                    || Math.abs(observedAt - holding.getObservedAt()) > windowMs
                    || named.contains(recipient)) {
                continue;
            }
            String told = times.notified().get(recipient);
            if (told == null || !namesMember(told, member)) {
                return false;
            }
            named.add(recipient);
        }
        return true;
    }

    /** Whether a comma-separated list of member codes names {@code member} (no split: runs per sighting). */
    static boolean namesMember(String told, String member) {
        int from = 0;
        while (from <= told.length()) {
            int comma = told.indexOf(',', from);
            int end = comma < 0 ? told.length() : comma;
            if (end - from == member.length() && told.startsWith(member, from)) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            from = comma + 1;
        }
        return false;
    }

    /**
     * The notices due for the indicator, updating {@code times.notified()}.
     *
     * @param sharedReports the shareable reports of one member holding the indicator (read only when a
     *     notice is due)
     */
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
                notices.add(cleared(indicator, recipient, List.of(), now));
                times.notified().remove(recipient);
            }
        }
        byRecipient.forEach((recipient, own) -> {
            // Plain loops over the recipient's own times: on a hot indicator this compares up to eight
            // times of each of eleven members with up to eight own ones, for every restricted sighting.
            // The set of members named is computed first, without spans: most calls find it unchanged.
            long[] ownTimes = new long[own.size()];
            for (int i = 0; i < ownTimes.length; i++) {
                ownTimes[i] = own.get(i).getObservedAt();
            }
            List<String> others = new ArrayList<>();
            times.byMember().forEach((member, memberTimes) -> {
                if (!member.equals(recipient) && anyWithinWindow(memberTimes, ownTimes, windowMs)) {
                    others.add(member); // byMember is sorted, so the list is too
                }
            });
            String before = times.notified().get(recipient);
            if (others.isEmpty()) {
                if (before != null) {
                    notices.add(cleared(indicator, recipient, reportIds(own), now));
                    times.notified().remove(recipient);
                }
                return;
            }
            String digest = String.join(",", others);
            if (digest.equals(before)) {
                return;
            }
            Tlp tlp = Tlp.CLEAR;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (String member : others) {
                for (long t : times.byMember().get(member)) {
                    if (withinWindowOfAny(t, ownTimes, windowMs)) {
                        first = Math.min(first, t);
                        last = Math.max(last, t);
                    }
                }
                for (ReportLink r : sharedReports.apply(member)) {
                    tlp = r.getTlp().ordinal() > tlp.ordinal() ? r.getTlp() : tlp;
                }
            }
            notices.add(matched(indicator, recipient, reportIds(own), others, tlp, first, last, now));
            times.notified().put(recipient, digest);
        });
        return notices;
    }

    /** The recipient's own report ids, sorted: the only thing a notice says of its restricted reports. */
    private static List<String> reportIds(List<RestrictedHolding> own) {
        return own.stream().map(RestrictedHolding::getReportId).sorted().toList();
    }

    private static boolean anyWithinWindow(List<Long> times, long[] ownTimes, long windowMs) {
        for (long t : times) {
            if (withinWindowOfAny(t, ownTimes, windowMs)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code t} is within the window of any of the recipient's own times. */
    static boolean withinWindowOfAny(long t, long[] ownTimes, long windowMs) {
        for (long own : ownTimes) {
            if (Math.abs(t - own) <= windowMs) {
                return true;
            }
        }
        return false;
    }

    /** A notice that the recipient's restricted reports are held by the shareable reports of {@code members}. */
    static MatchNotice matched(
            String indicator,
            String recipient,
            List<String> reportIds,
            List<String> members,
            Tlp tlp,
            long first,
            long last,
            long now) {
        return MatchNotice.newBuilder()
                .setIndicatorType(IndicatorKey.type(indicator))
                .setIndicatorValue(IndicatorKey.value(indicator))
                .setRecipient(recipient)
                .setState(NoticeState.MATCHED)
                .setYourReports(reportIds)
                .setMembers(members)
                .setTlp(tlp)
                .setFirstSeen(java.time.Instant.ofEpochMilli(first))
                .setLastSeen(java.time.Instant.ofEpochMilli(last))
                .setAdvisoryId(null)
                .setNotifiedAt(java.time.Instant.ofEpochMilli(now))
                .build();
    }

    /** A notice that no other member's shareable report holds the indicator within the window any more. */
    static MatchNotice cleared(String indicator, String recipient, List<String> reportIds, long now) {
        return MatchNotice.newBuilder()
                .setIndicatorType(IndicatorKey.type(indicator))
                .setIndicatorValue(IndicatorKey.value(indicator))
                .setRecipient(recipient)
                .setState(NoticeState.CLEARED)
                .setYourReports(reportIds)
                .setMembers(List.of())
                .setTlp(null)
                .setFirstSeen(null)
                .setLastSeen(null)
                .setAdvisoryId(null)
                .setNotifiedAt(java.time.Instant.ofEpochMilli(now))
                .build();
    }
}
