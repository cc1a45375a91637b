package org.monsoon.state;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;

/**
 * Forwards a record later, outside any record's processing (before a commit, {@link CommitHook}), as
 * a cached KTable's flush does: as from this processor's node and in the context of the record it came
 * from. Kafka Streams gives every processor an internal context that can do this; this class is the one
 * place that uses it, so the stages see only the public Processor API.
 *
 * @param <K> the processor's output key
 * @param <V> the processor's output value
 */
public final class DeferredForward<K, V> {
    /** Where a record came from: the context Kafka Streams sends it in. Opaque to the caller. */
    public static final class Origin {
        private final ProcessorRecordContext context;

        private Origin(ProcessorRecordContext context) {
            this.context = context;
        }
    }

    private final InternalProcessorContext<K, V> context;
    private ProcessorNode<?, ?, ?, ?> node;

    @SuppressWarnings("unchecked")
    public DeferredForward(ProcessorContext<K, V> context) {
        this.context = (InternalProcessorContext<K, V>) context;
    }

    /** Called as each record's processing starts: learns this processor's node. */
    public void processing() {
        if (node == null) {
            node = context.currentNode();
        }
    }

    /** Where the record being processed came from. */
    public Origin origin() {
        return new Origin(context.recordContext());
    }

    /** Forwards now, from this processor, while a record is being processed. */
    public void forward(Record<K, V> record) {
        context.forward(record);
    }

    /** Forwards outside any record's processing, as from this processor and in {@code origin}'s context. */
    public void forwardLater(Record<K, V> record, Origin origin) {
        ProcessorNode<?, ?, ?, ?> currentNode = context.currentNode();
        ProcessorRecordContext current = context.recordContext();
        context.setCurrentNode(node);
        context.setRecordContext(origin.context);
        try {
            context.forward(record);
        } finally {
            context.setCurrentNode(currentNode);
            context.setRecordContext(current);
        }
    }
}
