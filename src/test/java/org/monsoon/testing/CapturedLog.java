package org.monsoon.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log event of this JVM while open, as the text an operator would see (message and stack trace):
 * for tests that assert what must never be logged.
 */
public final class CapturedLog extends AbstractAppender implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();

    private CapturedLog() {
        super("captured-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    }

    /** Attaches to the root logger, which every logger's events reach. */
    public static CapturedLog capture() {
        CapturedLog log = new CapturedLog();
        log.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(log, null, null);
        context.updateLoggers();
        return log;
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder text = new StringBuilder(event.getLoggerName())
                .append(' ')
                .append(event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            text.append('\n').append(trace);
        }
        synchronized (lines) {
            lines.add(text.toString());
        }
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
