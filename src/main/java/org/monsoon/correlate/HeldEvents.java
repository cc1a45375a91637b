package org.monsoon.correlate;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.monsoon.schema.CorrelationEvent;
import org.monsoon.state.CommitHook;

/**
 * The correlate stage's output, through an {@link EventCoalescer}: events go downstream at once or
 * just before the task's next commit, inside its transaction ({@link CommitHook}). Sending before a
 * commit happens outside any record's processing, so it is done as a cached KTable's flush does it:
 * as from this processor's node, and in the context of the record the event came from (Kafka Streams'
 * internal context; every processor is given one).
 */
final class HeldEvents {
    /** The record an event came from: its timestamp, and the context Kafka Streams sends it in. */
    private record Origin(long timestamp, ProcessorRecordContext context) {}

    private final InternalProcessorContext<String, CorrelationEvent> context;
    private final EventCoalescer<Origin> coalescer = new EventCoalescer<>(this::forward);
    private ProcessorNode<?, ?, ?, ?> node;
    private boolean releasing;

    HeldEvents(ProcessorContext<String, CorrelationEvent> context, CommitHook hook) {
        this.context = (InternalProcessorContext<String, CorrelationEvent>) context;
        hook.beforeCommit(this::release);
    }

    /** Called as each record's processing starts: learns this processor's node. */
    void processing() {
        if (node == null) {
            node = context.currentNode();
        }
    }

    /** Sends the event now, or holds it until the commit to merge it with the indicator's next ones. */
    void send(CorrelationEvent event, long time) {
        coalescer.offer(event, new Origin(time, context.recordContext()));
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
        Record<String, CorrelationEvent> out = new Record<>(
                held.event().getIndicator(), held.event(), held.context().timestamp());
        if (!releasing) {
            context.forward(out); // while processing a record: from this processor
            return;
        }
        ProcessorNode<?, ?, ?, ?> currentNode = context.currentNode();
        ProcessorRecordContext current = context.recordContext();
        context.setCurrentNode(node);
        context.setRecordContext(held.context().context());
        try {
            context.forward(out);
        } finally {
            context.setCurrentNode(currentNode);
            context.setRecordContext(current);
        }
    }
}
