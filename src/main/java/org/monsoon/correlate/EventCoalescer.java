package org.monsoon.correlate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.monsoon.schema.CorrelationEvent;
import org.monsoon.schema.ReportLink;

/**
 * Holds back the correlate stage's events within one commit interval and merges those of one
 * indicator, so that a hot indicator sighted in many reports between two commits sends the campaign
 * stage one event, not one per report. Only events that merely add reports to a correlated indicator
 * are held: the merged event adds every report held (a report's latest version) with the members'
 * spans widened as the campaign stage would have widened them one event at a time, and the first
 * event's time (a campaign it founds is created as of it), so the campaign ends in the same state. Any other event of the indicator (taken back, no longer correlated, a
 * private notice) first releases what is held for it, so that an indicator's events keep their order.
 * Pure: the stage calls {@link #release} before each commit ({@link org.monsoon.state.CommitHook}).
 *
 * @param <C> what the caller needs to send a held event later (the record it came from)
 */
final class EventCoalescer<C> {
    /** At most this many reports per merged event: keeps every internal record bounded. */
    static final int MAX_ADDED = 64;

    /** A held event and the context of the last record merged into it. */
    record Held<C>(CorrelationEvent event, C context) {}

    private final Map<String, Held<C>> held = new LinkedHashMap<>();
    private final Consumer<Held<C>> send;

    EventCoalescer(Consumer<Held<C>> send) {
        this.send = send;
    }

    /** Sends the event now, or holds it to merge with the indicator's next ones. */
    void offer(CorrelationEvent event, C context) {
        String indicator = event.getIndicator();
        boolean mergeable = event.getNotice() == null
                && event.getCorrelated()
                && event.getRemoved().isEmpty();
        Held<C> before = held.remove(indicator);
        if (!mergeable) {
            if (before != null) {
                send.accept(before);
            }
            send.accept(new Held<>(event, context));
            return;
        }
        if (before == null) {
            held.put(indicator, new Held<>(event, context));
            return;
        }
        CorrelationEvent merged = merge(before.event(), event);
        if (merged.getAdded().size() >= MAX_ADDED) {
            send.accept(new Held<>(merged, context));
        } else {
            held.put(indicator, new Held<>(merged, context));
        }
    }

    /** Sends everything held, in the order first held. */
    void release() {
        for (Iterator<Held<C>> it = held.values().iterator(); it.hasNext(); ) {
            Held<C> next = it.next();
            it.remove();
            send.accept(next);
        }
    }

    /** Drops everything held: the task's uncommitted output is discarded with it. */
    void clear() {
        held.clear();
    }

    int held() {
        return held.size();
    }

    private static CorrelationEvent merge(CorrelationEvent earlier, CorrelationEvent later) {
        // A report's later version replaces its earlier one, as the campaign stage's link would.
        Map<String, ReportLink> added = new LinkedHashMap<>();
        for (ReportLink link : earlier.getAdded()) {
            added.put(ReportLinks.key(link), link);
        }
        for (ReportLink link : later.getAdded()) {
            added.remove(ReportLinks.key(link));
            added.put(ReportLinks.key(link), link);
        }
        return new CorrelationEvent(
                later.getIndicator(),
                true,
                MemberSpans.widen(earlier.getMembers(), later.getMembers()),
                new ArrayList<>(added.values()),
                new ArrayList<>(List.of()),
                // The first event's time: a campaign this event founds is created as of it, as without merging.
                earlier.getTime(),
                null);
    }
}
