package org.monsoon.state;

import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A store that holds nothing and runs its processor's action when Kafka Streams flushes the caches,
 * which it does before every commit, inside the transaction the commit ends: what the action forwards
 * is committed with the input that caused it, as records forwarded by a cached KTable are. It lets a
 * processor hold back output within a commit interval (to coalesce it) without losing it or sending
 * it outside exactly-once. Attach it to the processor like any store; the processor registers the
 * action in {@code init}. What the action forwards must leave the task through a sink: the task's
 * other stores may already have been flushed for this commit, and writes it caused there would wait
 * for the next one.
 */
public final class CommitHook implements StateStore, CachedStateStore<Void, Void> {
    private final String name;
    private Runnable beforeCommit = () -> {};
    private boolean open;

    private CommitHook(String name) {
        this.name = name;
    }

    /** A builder for the processor's hook; it has no changelog. */
    public static StoreBuilder<CommitHook> builder(String name) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<CommitHook> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitHook> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitHook> withLoggingEnabled(Map<String, String> config) {
                return this;
            }

            @Override
            public StoreBuilder<CommitHook> withLoggingDisabled() {
                return this;
            }

            @Override
            public CommitHook build() {
                return new CommitHook(name);
            }

            @Override
            public Map<String, String> logConfig() {
                return Map.of();
            }

            @Override
            public boolean loggingEnabled() {
                return false;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /** Runs {@code action} on the stream thread before each commit of the task. */
    public void beforeCommit(Runnable action) {
        this.beforeCommit = action;
    }

    @Override
    public void flushCache() {
        beforeCommit.run();
    }

    @Override
    public void clearCache() {
        // nothing held here; the processor drops its own output with the task
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Void, Void> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> {});
        open = true;
    }

    @Override
    public void close() {
        open = false;
        beforeCommit = () -> {};
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
