package org.monsoon.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.monsoon.metrics.PipelineMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' own error hooks (KIP-1033/KIP-1034), used so that no bad record stops the pipeline or
 * vanishes: each returns "resume" with one dead-letter record that carries the original key and value
 * bytes and the contract's headers. Streams writes it in the same transaction as the task's output, so
 * under exactly-once a record is either processed or dead-lettered, never both, never neither.
 */
public final class DeadLetterHandlers {
    /** Streams config keys that carry the handler's settings. */
    public static final String DLQ_TOPIC_CONFIG = "monsoon.dlq.topic";
    public static final String MEMBER_TOPIC_PREFIX_CONFIG = "monsoon.reports.topic.prefix";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);

    private DeadLetterHandlers() {
    }

    /** Settings shared by both handlers. */
    private static final class Settings {
        private String dlqTopic;
        private String topicPrefix;
        private PipelineMetrics metrics;

        void configure(Map<String, ?> configs) {
            dlqTopic = String.valueOf(configs.get(DLQ_TOPIC_CONFIG));
            topicPrefix = String.valueOf(configs.get(MEMBER_TOPIC_PREFIX_CONFIG));
            Object m = configs.get(PipelineMetrics.CONFIG_KEY);
            metrics = m instanceof PipelineMetrics pm ? pm : PipelineMetrics.inMemory();
        }

        String memberOf(String topic) {
            return topic != null && topic.startsWith(topicPrefix)
                    ? topic.substring(topicPrefix.length()).toUpperCase(java.util.Locale.ROOT) : "unknown";
        }

        /**
         * The dead letter of a refused record. The log line names the member, the code and the field, never
         * the reason's text, which may quote the report's values (the dead letter's header has it); a
         * restricted report is counted without its reporter.
         */
        List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext context, byte[] key, byte[] value,
                                                        String reporter, Rejection rejection, boolean restricted) {
            if (restricted) {
                metrics.restrictedRejected(rejection.code().name());
            } else {
                metrics.rejected(reporter, rejection.code().name());
            }
            LOG.info("Dead-lettered {}-{}@{} from {}: {} ({})", context.topic(), context.partition(), context.offset(),
                    reporter, rejection.code(), rejection.field());
            RecordHeaders headers = new RecordHeaders();
            headers.add("monsoon.error.code", bytes(rejection.code().name()));
            headers.add("monsoon.error.reason", bytes(rejection.reason()));
            headers.add("monsoon.source.topic", bytes(context.topic()));
            headers.add("monsoon.source.partition", bytes(String.valueOf(context.partition())));
            headers.add("monsoon.source.offset", bytes(String.valueOf(context.offset())));
            return List.of(new ProducerRecord<>(dlqTopic, null, key, value, headers));
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Records Kafka Streams cannot decode before any processor sees them. Report values are read as
     * bytes and decoded in {@link IngestProcessor} (see there why), so in practice this catches keys;
     * it stays so that nothing undecodable can stop the pipeline or vanish.
     */
    public static final class Deserialization implements DeserializationExceptionHandler {
        private final Settings settings = new Settings();

        @Override
        public void configure(Map<String, ?> configs) {
            settings.configure(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                    Exception exception) {
            String reporter = settings.memberOf(record.topic());
            settings.metrics.received(reporter);
            Rejection rejection = new Rejection(Rejection.Code.DESERIALIZATION_FAILED,
                    "value: " + (exception.getMessage() == null ? exception.toString() : exception.getMessage()));
            return Response.resume(settings.deadLetter(context, record.key(), record.value(), reporter, rejection,
                    false));
        }
    }

    /** Records the ingest processor rejected, and any unexpected failure while processing one. */
    public static final class Processing implements ProcessingExceptionHandler {
        private final Settings settings = new Settings();

        @Override
        public void configure(Map<String, ?> configs) {
            settings.configure(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            if (exception instanceof RejectedReportException rejected) {
                return Response.resume(settings.deadLetter(context, context.sourceRawKey(),
                        context.sourceRawValue(), rejected.reporter(), rejected.rejection(), rejected.restricted()));
            }
            // A failure we did not foresee: keep the record (and the pipeline) rather than lose either.
            LOG.error("Processing {}-{}@{} failed in {}", context.topic(), context.partition(), context.offset(),
                    context.processorNodeId(), exception);
            Rejection rejection = Rejection.invalid("processing failed in " + context.processorNodeId() + ": "
                    + exception);
            return Response.resume(settings.deadLetter(context, context.sourceRawKey(), context.sourceRawValue(),
                    settings.memberOf(context.topic()), rejection, false));
        }
    }
}
