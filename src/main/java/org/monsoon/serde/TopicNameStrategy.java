package org.monsoon.serde;

/** Confluent's default subject naming: {@code <topic>-key} or {@code <topic>-value}. */
public final class TopicNameStrategy {
    private TopicNameStrategy() {}

    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
