package org.monsoon.correlate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.monsoon.schema.CampaignChange;
import org.monsoon.schema.IndicatorChange;
import org.monsoon.schema.MatchNotice;
import org.monsoon.schema.MemberSpan;
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

    /** What goes to the campaign stage for an indicator, and the context of the last record merged into it. */
    record Held<C>(String indicator, CampaignChange change, C context) {
        /** The indicator change sent, or null when it is a notice. */
        IndicatorChange event() {
            return change.getChange() instanceof IndicatorChange event ? event : null;
        }
    }

    /**
     * What is held for one indicator: its first event as it came, and once a second one merges, the
     * reports added so far by report key (a later version replaces an earlier one and moves to the end,
     * as the campaign stage's link would) and the members' spans widened. Merging adds the later event's
     * reports to it instead of rebuilding the whole list: a hot indicator merges up to
     * {@link #MAX_ADDED} events per commit, and the rebuild showed in the profile.
     */
    private static final class Pending<C> {
        final IndicatorChange first;
        C context;
        Map<String, ReportLink> added;
        List<MemberSpan> members;
        boolean hub;

        Pending(IndicatorChange first, C context) {
            this.first = first;
            this.context = context;
        }

        void merge(IndicatorChange later, C laterContext) {
            if (added == null) {
                added = new LinkedHashMap<>();
                putAll(first.getAdded());
                members = first.getMembers();
                hub = first.getHub();
            }
            putAll(later.getAdded());
            hub |= later.getHub(); // a hub stays one while it correlates, and these events all correlate
            members = MemberSpans.widen(members, later.getMembers());
            context = laterContext;
        }

        private void putAll(List<ReportLink> links) {
            for (ReportLink link : links) {
                String key = ReportLinks.key(link);
                added.remove(key);
                added.put(key, link);
            }
        }

        int size() {
            return added == null ? first.getAdded().size() : added.size();
        }

        Held<C> held() {
            if (added == null) {
                return new Held<>(first.getIndicator(), new CampaignChange(first), context);
            }
            return new Held<>(
                    first.getIndicator(),
                    new CampaignChange(new IndicatorChange(
                            first.getIndicator(),
                            true,
                            members,
                            new ArrayList<>(added.values()),
                            new ArrayList<>(List.of()),
                            // The first event's time: a campaign this event founds is created as of it, as
                            // without merging.
                            first.getTime(),
                            hub)),
                    context);
        }
    }

    private final Map<String, Pending<C>> held = new LinkedHashMap<>();
    private final Consumer<Held<C>> send;

    EventCoalescer(Consumer<Held<C>> send) {
        this.send = send;
    }

    /** Sends the event now, or holds it to merge with the indicator's next ones. */
    void offer(IndicatorChange event, C context) {
        String indicator = event.getIndicator();
        if (!event.getCorrelated() || !event.getRemoved().isEmpty()) {
            now(indicator, new CampaignChange(event), context);
            return;
        }
        Pending<C> pending = held.get(indicator);
        if (pending == null) {
            held.put(indicator, new Pending<>(event, context));
            return;
        }
        pending.merge(event, context);
        if (pending.size() >= MAX_ADDED) {
            held.remove(indicator);
            send.accept(pending.held());
        }
    }

    /** Sends a private notice about the indicator now, after what is held for it. */
    void notice(String indicator, MatchNotice notice, C context) {
        now(indicator, new CampaignChange(notice), context);
    }

    private void now(String indicator, CampaignChange change, C context) {
        Pending<C> before = held.remove(indicator);
        if (before != null) {
            send.accept(before.held());
        }
        send.accept(new Held<>(indicator, change, context));
    }

    /** Sends everything held, in the order first held. */
    void release() {
        for (Iterator<Pending<C>> it = held.values().iterator(); it.hasNext(); ) {
            Pending<C> next = it.next();
            it.remove();
            send.accept(next.held());
        }
    }

    /** Drops everything held: the task's uncommitted output is discarded with it. */
    void clear() {
        held.clear();
    }

    int held() {
        return held.size();
    }
}
