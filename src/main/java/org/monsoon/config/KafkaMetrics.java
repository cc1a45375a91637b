package org.monsoon.config;

/** Which of the Kafka clients' own metrics (thousands of series, many NaN until used) Monsoon exposes. */
public enum KafkaMetrics {
    /** The stream threads' work, rebalances, consumer lag and producer errors: what dashboards and alerts use. */
    USEFUL,
    /** Every metric the Kafka clients and Kafka Streams register, for a deep investigation. */
    ALL
}
