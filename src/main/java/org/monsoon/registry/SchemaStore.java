package org.monsoon.registry;

/**
 * Where the embedded registry keeps its log of schema and config records. The registry state is the
 * replay of that log, so a durable store gives stable ids across restarts.
 */
public interface SchemaStore extends AutoCloseable {

    /** Replays every stored record, oldest first, into {@code sink}. */
    void replay(java.util.function.BiConsumer<String, String> sink);

    /** Durably appends one record (JSON key, JSON value); returns once it is stored. */
    void append(String key, String value);

    @Override
    void close();

    /** A store that keeps nothing beyond the process: for unit tests and throwaway runs. */
    static SchemaStore inMemory() {
        return new SchemaStore() {
            private final java.util.List<String[]> log = new java.util.ArrayList<>();

            @Override
            public synchronized void replay(java.util.function.BiConsumer<String, String> sink) {
                log.forEach(r -> sink.accept(r[0], r[1]));
            }

            @Override
            public synchronized void append(String key, String value) {
                log.add(new String[] {key, value});
            }

            @Override
            public void close() {}
        };
    }
}
