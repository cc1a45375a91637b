package org.monsoon.advisory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.monsoon.correlate.IndicatorKey;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.CampaignIndicator;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.MemberSpan;

/**
 * The indicators of recently published campaigns as their advisories list them, kept in memory and
 * in advisory order, and changed as the campaign stage writes its indicators. Publishing a campaign
 * then costs its list, not a prefix scan and the decoding of every indicator it holds (a third of
 * what a version cost in the profile), and the entries are built once per change, not once per
 * version. What a version writes, and what the advisories table stores, still grows with the
 * campaign: {@link AdvisoryPublisher} paces large ones for that.
 *
 * <p>A view exists only after a campaign was published once (its first version is built from a scan),
 * and only as long as every write of the campaign's indicators is told here: the campaign stage's
 * stores route each put and delete of an indicator through {@link #put} and {@link #remove}. The views
 * of one task hold at most {@code capacity} indicators; the least recently published campaigns give
 * way, and a campaign larger than that is always scanned. Nothing here outlives the processor: after
 * a restart, a rebalance or an aborted transaction the views are rebuilt from the restored stores.
 */
public final class AdvisoryViews {
    /** Indicators held per task by default: about 300 bytes each in memory, so about 15 MiB. */
    public static final int DEFAULT_CAPACITY = 50_000;

    /** Advisory order: by type, then by value. */
    private record Order(IndicatorType type, String value) implements Comparable<Order> {
        static Order of(String indicatorKey) {
            return new Order(IndicatorKey.type(indicatorKey), IndicatorKey.value(indicatorKey));
        }

        @Override
        public int compareTo(Order other) {
            int byType = type.compareTo(other.type);
            return byType != 0 ? byType : value.compareTo(other.value);
        }
    }

    private final int capacity;
    /** Least recently used (published or written) first. */
    private final LinkedHashMap<String, TreeMap<Order, AdvisoryIndicator>> views = new LinkedHashMap<>(16, 0.75f, true);

    private long held;

    public AdvisoryViews(int capacity) {
        this.capacity = capacity;
    }

    /** The advisory's entry for one indicator: its members in order, and the span over all of them. */
    public static AdvisoryIndicator indicator(String indicatorKey, CampaignIndicator spans) {
        List<MemberSpan> members = spans.getMembers();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        TreeSet<String> countries = new TreeSet<>();
        for (MemberSpan member : members) {
            first = Math.min(first, member.getFirstSeen());
            last = Math.max(last, member.getLastSeen());
            countries.add(member.getMember());
        }
        return new AdvisoryIndicator(
                IndicatorKey.type(indicatorKey),
                IndicatorKey.value(indicatorKey),
                new ArrayList<>(countries),
                Instant.ofEpochMilli(members.isEmpty() ? 0 : first),
                Instant.ofEpochMilli(members.isEmpty() ? 0 : last),
                spans.getHub());
    }

    /**
     * The campaign's indicators in advisory order: its view when one is held, otherwise read with
     * {@code scan} (indicator key to member spans), and then held when it fits.
     */
    public Collection<AdvisoryIndicator> indicators(
            String campaign, Function<String, Map<String, CampaignIndicator>> scan) {
        TreeMap<Order, AdvisoryIndicator> view = views.get(campaign);
        if (view != null) {
            return view.values();
        }
        TreeMap<Order, AdvisoryIndicator> built = new TreeMap<>();
        scan.apply(campaign).forEach((key, spans) -> built.put(Order.of(key), indicator(key, spans)));
        if (built.size() <= capacity) {
            held += built.size();
            views.put(campaign, built);
            evictBeyond(campaign);
        }
        return built.values();
    }

    /** Whether the campaign's indicators are held here (publishing it reads no state). */
    public boolean holds(String campaign) {
        return views.containsKey(campaign);
    }

    /** An indicator of the campaign was written with these spans. */
    public void put(String campaign, String indicatorKey, CampaignIndicator spans) {
        TreeMap<Order, AdvisoryIndicator> view = peek(campaign);
        if (view != null && view.put(Order.of(indicatorKey), indicator(indicatorKey, spans)) == null) {
            held++;
            if (view.size() > capacity) {
                drop(campaign);
            } else {
                evictBeyond(campaign);
            }
        }
    }

    /** An indicator of the campaign was deleted. */
    public void remove(String campaign, String indicatorKey) {
        TreeMap<Order, AdvisoryIndicator> view = peek(campaign);
        if (view != null && view.remove(Order.of(indicatorKey)) != null) {
            held--;
        }
    }

    /**
     * The campaign {@code from} merged into {@code into}: when {@code into} has a view, {@code from}'s
     * indicators join it (from its own view, else read with {@code scanFrom}), so a campaign that grows
     * by merges is never read whole again.
     */
    public void absorb(String into, String from, Supplier<Map<String, CampaignIndicator>> scanFrom) {
        TreeMap<Order, AdvisoryIndicator> absorbed = views.remove(from);
        if (absorbed != null) {
            held -= absorbed.size();
        }
        TreeMap<Order, AdvisoryIndicator> view = views.get(into);
        if (view == null) {
            return;
        }
        if (absorbed == null) {
            absorbed = new TreeMap<>();
            for (Map.Entry<String, CampaignIndicator> e : scanFrom.get().entrySet()) {
                absorbed.put(Order.of(e.getKey()), indicator(e.getKey(), e.getValue()));
            }
        }
        int before = view.size();
        view.putAll(absorbed);
        held += view.size() - before;
        if (view.size() > capacity) {
            drop(into);
        } else {
            evictBeyond(into);
        }
    }

    /** The campaign was deleted, or its indicators are to be read again. */
    public void drop(String campaign) {
        TreeMap<Order, AdvisoryIndicator> view = views.remove(campaign);
        if (view != null) {
            held -= view.size();
        }
    }

    /** Indicators held over all views. */
    long held() {
        return held;
    }

    /**
     * The campaign's view, if held. In access order a write counts as a use, which is as it should be:
     * a campaign being written is published at the next flush.
     */
    private TreeMap<Order, AdvisoryIndicator> peek(String campaign) {
        return views.get(campaign);
    }

    /** Gives way, least recently published first, until the views fit; never the one just used. */
    private void evictBeyond(String keep) {
        for (Iterator<Map.Entry<String, TreeMap<Order, AdvisoryIndicator>>> it =
                        views.entrySet().iterator();
                held > capacity && it.hasNext(); ) {
            Map.Entry<String, TreeMap<Order, AdvisoryIndicator>> entry = it.next();
            if (!entry.getKey().equals(keep)) {
                held -= entry.getValue().size();
                it.remove();
            }
        }
    }
}
