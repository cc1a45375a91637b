package org.monsoon.correlate;

import org.monsoon.schema.IndicatorType;

/** The key of a canonical indicator between stages: {@code TYPE:value}, e.g. {@code DOMAIN:evil.com}. */
public final class IndicatorKey {
    private IndicatorKey() {}

    public static String of(IndicatorType type, String value) {
        return type.name() + ":" + value;
    }

    public static IndicatorType type(String key) {
        return IndicatorType.valueOf(key.substring(0, key.indexOf(':')));
    }

    public static String value(String key) {
        return key.substring(key.indexOf(':') + 1);
    }
}
