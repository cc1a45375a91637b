package org.monsoon.campaign;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Which campaign each <em>part</em> belongs to: a union-find forest over the keys under which the
 * campaign stage keeps state. Every campaign ever founded is a part, and its indicators, links and
 * reports stay under its key for as long as they live; a merge only points the absorbed campaign's
 * root at the survivor's, so a merge writes two entries whatever the campaigns' sizes. The campaign a
 * part belongs to is the root its pointers lead to ({@link #root}), and each lookup shortens the path
 * it walked (path compression), so chains stay short.
 *
 * <p>Two kinds of entry share one store: {@code up|<part>} is a merged part's parent, and {@code
 * down|<parent>|<child>} lists the parts merged into a part (the merge tree, never compressed), so a
 * campaign's parts can be listed ({@link #parts}) when it is published from a scan, swept or deleted.
 * A root has no {@code up} entry, so a campaign never merged costs nothing here. {@code mark|<name>}
 * records a one-time migration done.
 */
final class CampaignForest {
    static final String STORE = "campaign-parts";
    private static final String UP = "up|";
    private static final String DOWN = "down|";
    /** Markers of one-time migrations done on this state. */
    private static final String MARK = "mark|";

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, String> store;

    CampaignForest(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** The root of the campaign {@code part} belongs to ({@code part} itself unless it was merged). */
    String root(String part) {
        String parent = store.get(UP + part);
        if (parent == null) {
            return part;
        }
        List<String> walked = new ArrayList<>();
        String at = part;
        while (parent != null) {
            walked.add(at);
            at = parent;
            parent = store.get(UP + at);
        }
        String root = at;
        // Path compression: every part walked but the last now points at the root directly.
        for (int i = 0; i < walked.size() - 1; i++) {
            store.put(UP + walked.get(i), root);
        }
        return root;
    }

    /** Whether the key is a part merged into another campaign (so no new campaign may take it). */
    boolean merged(String part) {
        return store.get(UP + part) != null;
    }

    /** Merges the campaign rooted at {@code absorbed} into the one rooted at {@code survivor}: two writes. */
    void attach(String absorbed, String survivor) {
        store.put(UP + absorbed, survivor);
        store.put(DOWN + survivor + "|" + absorbed, "");
    }

    /** Every part of the campaign rooted at {@code root}, the root first. */
    List<String> parts(String root) {
        List<String> parts = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            String part = todo.pop();
            parts.add(part);
            children(part).forEach(todo::push);
        }
        return parts;
    }

    /** Forgets every part of a deleted campaign. */
    void delete(String root) {
        for (String part : parts(root)) {
            store.delete(UP + part);
            children(part).forEach(child -> store.delete(DOWN + part + "|" + child));
        }
    }

    /** Whether the one-time migration {@code name} was done. */
    boolean marked(String name) {
        return store.get(MARK + name) != null;
    }

    /** Records that the one-time migration {@code name} was done. */
    void mark(String name) {
        store.put(MARK + name, "");
    }

    private List<String> children(String part) {
        String prefix = DOWN + part + "|";
        List<String> out = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, String> entry = it.next();
                out.add(entry.key.substring(prefix.length()));
            }
        }
        return out;
    }
}
