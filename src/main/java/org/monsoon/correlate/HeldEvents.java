package org.monsoon.correlate;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.monsoon.schema.CampaignChange;
import org.monsoon.schema.IndicatorChange;
import org.monsoon.schema.MatchNotice;
import org.monsoon.state.CommitHook;
import org.monsoon.state.DeferredForward;

/**
 * The correlate stage's output, through an {@link EventCoalescer}: events go downstream at once or
 * just before the task's next commit, inside its transaction ({@link CommitHook}). Sending before a
 * commit happens outside any record's processing, so it is done as a cached KTable's flush does it:
 * as from this processor's node, and in the context of the record the event came from
 * ({@link DeferredForward}).
 */
final class HeldEvents {
    /** The record an event came from: its timestamp, and the context Kafka Streams sends it in. */
    private record Origin(long timestamp, DeferredForward.Origin context) {}

    private final DeferredForward<String, CampaignChange> out;
    private final EventCoalescer<Origin> coalescer = new EventCoalescer<>(this::forward);
    private boolean releasing;

    HeldEvents(ProcessorContext<String, CampaignChange> context, CommitHook hook) {
        this.out = new DeferredForward<>(context);
        hook.beforeCommit(this::release);
    }

    /** Called as each record's processing starts: learns this processor's node. */
    void processing() {
        out.processing();
    }

    /** Sends the event now, or holds it until the commit to merge it with the indicator's next ones. */
    void send(IndicatorChange event, long time) {
        coalescer.offer(event, new Origin(time, out.origin()));
    }

    /** Sends a private notice about the indicator now, after what is held for it. */
    void notice(String indicator, MatchNotice notice, long time) {
        coalescer.notice(indicator, notice, new Origin(time, out.origin()));
    }

    /** Drops what is held: the task closes without committing it. */
    void clear() {
        coalescer.clear();
    }

    private void release() {
        releasing = true;
        try {
            coalescer.release();
        } finally {
            releasing = false;
        }
    }

    private void forward(EventCoalescer.Held<Origin> held) {
        Record<String, CampaignChange> record =
                new Record<>(held.indicator(), held.change(), held.context().timestamp());
        if (releasing) {
            out.forwardLater(record, held.context().context());
        } else {
            out.forward(record); // while processing a record: from this processor
        }
    }
}
