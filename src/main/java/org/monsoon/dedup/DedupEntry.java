package org.monsoon.dedup;

/**
 * What deduplication remembers of a (reporter, report_id): the content fingerprint, the event time it
 * was last seen at, and how many revisions came after the first version. Stored as compact text
 * {@code fingerprint:timestamp:revision}.
 */
public record DedupEntry(String fingerprint, long seenAt, int revision) {

    public String encode() {
        return fingerprint + ":" + seenAt + ":" + revision;
    }

    public static DedupEntry decode(String text) {
        String[] parts = text.split(":");
        return new DedupEntry(parts[0], Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
    }
}
