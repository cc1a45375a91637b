package org.monsoon.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.monsoon.metrics.PipelineMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' own error hooks (KIP-1033/KIP-1034), used so that no bad record stops the pipeline or
 * vanishes: each returns "resume" with one record that carries the original key and value bytes and
 * headers saying what happened. Streams writes it in the same transaction as the task's output, so
 * under exactly-once a record is either processed or set aside, never both, never neither.
 *
 * <p>The policy fails safe about blame. Only a report's own fault, found on a member's topic, goes to
 * the CERTs' dead-letter topic with a CERT-facing code. Everything else (a bug, an internal record that
 * cannot be decoded, an output Kafka refuses) is Monsoon's fault: it goes to the operators'
 * {@code monsoon.errors} topic with the stage, the exception and the source coordinates, and is counted
 * in {@code monsoon_internal_errors_total{stage}}.
 */
public final class DeadLetterHandlers {
    /** Streams config keys that carry the handlers' settings. */
    public static final String DLQ_TOPIC_CONFIG = "monsoon.dlq.topic";

    public static final String ERRORS_TOPIC_CONFIG = "monsoon.errors.topic";
    public static final String MEMBER_TOPIC_PREFIX_CONFIG = "monsoon.reports.topic.prefix";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);

    private DeadLetterHandlers() {}

    /** Settings shared by the handlers. */
    private static final class Settings {
        private String dlqTopic;
        private String errorsTopic;
        private String topicPrefix;
        private PipelineMetrics metrics;
        private int maxRequestSize = DeadLetterRecord.DEFAULT_MAX_REQUEST_SIZE;

        void configure(Map<String, ?> configs) {
            dlqTopic = String.valueOf(configs.get(DLQ_TOPIC_CONFIG));
            errorsTopic = String.valueOf(configs.get(ERRORS_TOPIC_CONFIG));
            for (String key : new String[] {"max.request.size", "producer.max.request.size"}) {
                if (configs.get(key) != null) {
                    maxRequestSize = Integer.parseInt(String.valueOf(configs.get(key)));
                }
            }
            topicPrefix = String.valueOf(configs.get(MEMBER_TOPIC_PREFIX_CONFIG));
            Object m = configs.get(PipelineMetrics.CONFIG_KEY);
            metrics = m instanceof PipelineMetrics pm ? pm : PipelineMetrics.inMemory();
        }

        /** Whether {@code topic} is a member's report topic ({@code <prefix><cc>}), where CERTs write. */
        boolean isMemberTopic(String topic) {
            return topic != null
                    && topic.startsWith(topicPrefix)
                    && topic.substring(topicPrefix.length()).matches("[a-z]{2}");
        }

        String memberOf(String topic) {
            return isMemberTopic(topic) ? topic.substring(topicPrefix.length()).toUpperCase(Locale.ROOT) : "unknown";
        }

        /**
         * The dead letter of a refused record. The log line names the member, the code and the field, never
         * the reason's text, which may quote the report's values (the dead letter's header has it); a
         * restricted report is counted without its reporter.
         */
        List<ProducerRecord<byte[], byte[]>> deadLetter(
                ErrorHandlerContext context,
                byte[] key,
                byte[] value,
                String reporter,
                Rejection rejection,
                boolean restricted,
                RejectedReportException.Source source) {
            if (restricted) {
                metrics.restrictedRejected(rejection.code().name());
            } else {
                metrics.rejected(reporter, rejection.code().name());
            }
            LOG.info(
                    "Dead-lettered {}-{}@{} from {}: {} ({})",
                    source.topic(),
                    source.partition(),
                    source.offset(),
                    reporter,
                    rejection.code(),
                    rejection.field());
            org.apache.kafka.common.header.Header replayed =
                    context.headers() == null ? null : context.headers().lastHeader(DeadLetters.REPLAYED);
            return List.of(DeadLetterRecord.of(
                    dlqTopic,
                    key,
                    value,
                    rejection,
                    source.topic(),
                    source.partition(),
                    source.offset(),
                    maxRequestSize,
                    replayed == null || replayed.value() == null
                            ? null
                            : new String(replayed.value(), java.nio.charset.StandardCharsets.UTF_8)));
        }

        /**
         * Monsoon's own failure: parked on {@code monsoon.errors}, counted by stage. The log line names the
         * stage, the exception class and the coordinates; the message, which may quote data, stays in the
         * parked record's headers (and in the DEBUG log).
         */
        List<ProducerRecord<byte[], byte[]>> internalError(
                ErrorHandlerContext context, byte[] key, byte[] value, String stage, Throwable failure) {
            metrics.internalError(stage);
            LOG.error(
                    "Internal error in {} on {}-{}@{}; the record is parked on {}",
                    stage,
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    errorsTopic,
                    withoutMessage(failure));
            return List.of(DeadLetterRecord.internalError(
                    errorsTopic,
                    key,
                    value,
                    stage,
                    failure,
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    maxRequestSize));
        }
    }

    /**
     * The failure's class and stack, for finding the bug, without its message: a message may quote the
     * record (a RED report's values), which only the parked record's headers on {@code monsoon.errors}
     * may hold.
     */
    public static Throwable withoutMessage(Throwable failure) {
        Throwable copy = new Throwable(failure.getClass().getName() + " (message withheld: see monsoon.errors)");
        copy.setStackTrace(failure.getStackTrace());
        if (failure.getCause() != null && failure.getCause() != failure) {
            copy.initCause(withoutMessage(failure.getCause()));
        }
        return copy;
    }

    /**
     * Records Kafka Streams cannot decode before any processor sees them. Report values are read as
     * bytes and decoded in {@link IngestProcessor} (see there why), so on a member's topic this catches
     * keys, the CERT's fault; on an internal topic it is Monsoon's.
     */
    public static final class Deserialization implements DeserializationExceptionHandler {
        private final Settings settings = new Settings();

        @Override
        public void configure(Map<String, ?> configs) {
            settings.configure(configs);
        }

        @Override
        public Response handleError(
                ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            if (!settings.isMemberTopic(record.topic())) {
                return Response.resume(settings.internalError(
                        context, record.key(), record.value(), "deserialization of " + record.topic(), exception));
            }
            String reporter = settings.memberOf(record.topic());
            settings.metrics.received(reporter);
            Rejection rejection = new Rejection(
                    Rejection.Code.DESERIALIZATION_FAILED,
                    "value: " + (exception.getMessage() == null ? exception.toString() : exception.getMessage()));
            return Response.resume(settings.deadLetter(
                    context,
                    record.key(),
                    record.value(),
                    reporter,
                    rejection,
                    false,
                    new RejectedReportException.Source(context.topic(), context.partition(), context.offset())));
        }
    }

    /** Records the ingest processor rejected (the CERT's fault), and any other failure (Monsoon's). */
    public static final class Processing implements ProcessingExceptionHandler {
        private final Settings settings = new Settings();

        @Override
        public void configure(Map<String, ?> configs) {
            settings.configure(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            if (exception instanceof RejectedReportException rejected) {
                return Response.resume(settings.deadLetter(
                        context,
                        context.sourceRawKey(),
                        context.sourceRawValue(),
                        rejected.reporter(),
                        rejected.rejection(),
                        rejected.restricted(),
                        rejected.source()
                                .orElse(new RejectedReportException.Source(
                                        context.topic(), context.partition(), context.offset()))));
            }
            if (exception instanceof TransientFailure) {
                // A dependency is down: fail the thread so the same record is read again after the
                // (backed-off, bounded) thread replacement; skipping it would lose a valid report.
                LOG.warn(
                        "{}; failing the stream thread to retry {}-{}@{}",
                        exception.getMessage(),
                        context.topic(),
                        context.partition(),
                        context.offset());
                return Response.fail();
            }
            // A failure we did not foresee: keep the record (and the pipeline) rather than lose either,
            // and never blame the CERT whose report happened to be in flight.
            return Response.resume(settings.internalError(
                    context, context.sourceRawKey(), context.sourceRawValue(), context.processorNodeId(), exception));
        }
    }

    /**
     * Output Kafka refuses: a record too large, or one that cannot be serialised. Both are Monsoon's
     * fault (a CERT's report is bounded long before this), so the record is parked on
     * {@code monsoon.errors} and the task goes on; without this the thread would fail on the same input
     * forever. Anything else (a broker unreachable, a timeout) is left to fail the thread, which is
     * replaced with a back-off: it is transient, and skipping would lose data.
     */
    public static final class Production implements ProductionExceptionHandler {
        private final Settings settings = new Settings();

        @Override
        public void configure(Map<String, ?> configs) {
            settings.configure(configs);
        }

        @Override
        public Response handleError(
                ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
            if (exception instanceof RecordTooLargeException || exception instanceof InvalidConfigurationException) {
                return Response.resume(settings.internalError(
                        context,
                        context.sourceRawKey(),
                        context.sourceRawValue(),
                        "output to " + record.topic(),
                        exception));
            }
            return Response.fail();
        }

        // Kafka's ProductionExceptionHandler declares this parameter as a raw ProducerRecord.
        @SuppressWarnings("rawtypes")
        @Override
        public Response handleSerializationError(
                ErrorHandlerContext context,
                ProducerRecord record,
                Exception exception,
                SerializationExceptionOrigin origin) {
            if (exception instanceof SerializationException || exception instanceof ClassCastException) {
                return Response.resume(settings.internalError(
                        context,
                        context.sourceRawKey(),
                        context.sourceRawValue(),
                        "serialising " + origin.name().toLowerCase(Locale.ROOT) + " for " + record.topic(),
                        exception));
            }
            return Response.fail();
        }
    }
}
