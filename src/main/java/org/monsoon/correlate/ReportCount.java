package org.monsoon.correlate;

import java.util.ArrayList;
import java.util.List;
import org.monsoon.schema.ReportBucket;

/**
 * How many shareable reports hold one indicator within the window, however many there are: the
 * correlate stage keeps only a few reports per member, so the count is kept apart, per bucket of
 * observation time an eighth of the window wide. A report counts in the bucket of its observed_at; the
 * buckets that end before the window's start fall out. The count may include reports up to one bucket
 * older than the window: a hub is a matter of hundreds, not of one report. Pure and mutable; stored as
 * {@link ReportBucket}s of the indicator's state, at most nine of them.
 */
final class ReportCount {
    /** Buckets per window. */
    static final int BUCKETS = 8;

    private final long width;
    private final List<ReportBucket> buckets;

    ReportCount(List<ReportBucket> stored, long windowMs) {
        this.width = Math.max(1, windowMs / BUCKETS);
        this.buckets = new ArrayList<>(stored);
    }

    /** Counts a report in (+1) or out (-1) at its observation time. */
    void add(long observedAt, int delta) {
        if (delta == 0) {
            return;
        }
        long start = Math.floorDiv(observedAt, width) * width;
        for (int i = 0; i < buckets.size(); i++) {
            ReportBucket b = buckets.get(i);
            if (b.getStart() == start) {
                int now = b.getCount() + delta;
                if (now <= 0) {
                    buckets.remove(i);
                } else {
                    buckets.set(i, new ReportBucket(start, now));
                }
                return;
            }
        }
        if (delta > 0) {
            int at = 0;
            while (at < buckets.size() && buckets.get(at).getStart() < start) {
                at++;
            }
            buckets.add(at, new ReportBucket(start, delta));
        }
    }

    /** Drops the buckets that end at or before {@code cutoff}. */
    void pruneBefore(long cutoff) {
        buckets.removeIf(b -> b.getStart() + width <= cutoff);
    }

    /** The reports counted. */
    int total() {
        int total = 0;
        for (ReportBucket b : buckets) {
            total += b.getCount();
        }
        return total;
    }

    List<ReportBucket> buckets() {
        return buckets;
    }
}
