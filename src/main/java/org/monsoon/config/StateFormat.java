package org.monsoon.config;

import java.util.Optional;

/**
 * The version of everything Monsoon's stored state depends on: the topology's stores and internal
 * topics and their names, the internal record schemas, and how every repartition and the member topics
 * are partitioned. A release that changes any of them in a way an earlier release's state cannot be
 * read with bumps {@link #CURRENT} (a golden test, {@code StateFormatGoldenTest}, fails until it does).
 * The running application records the format it writes, with the partition count, in a compacted
 * internal topic ({@link StateFormatGuard}); a build that cannot read the recorded format refuses to
 * start and names the way forward. Pure rules, table-tested.
 *
 * <ul>
 *   <li>1: the correlation core v2 (Avro binary internal records, {@code dedup-by-report} partitioned by
 *       report_id), up to the release before hub indicators.</li>
 *   <li>2: hub indicators and advisories analysts can trust: campaign headers, indicator state, sightings,
 *       correlation events and campaign indicators in their second formats, sightings in packs,
 *       {@code campaign-retired}; it reads format 1 ({@link org.monsoon.serde.InternalFormats}).</li>
 *   <li>3: the ingest stage's statistics store ({@code ingest-member-stats}), the advisory history sink,
 *       and the left-out headers between ingest and dedup; format 2 state is read as it is (the new
 *       store starts empty, the history is seeded from the advisories topic).</li>
 *   <li>4: campaigns that never move: a merge attaches a campaign's parts under the survivor
 *       ({@code campaign-parts}), and the report index lists every campaign a report counts in; one
 *       entry per report in the ingest task ({@code dedup-reports}, {@code ReportState}) where there were
 *       four. Format 3 state is read as it is: the campaign stage completes its report index once at
 *       start, and {@code dedup-fingerprints}, {@code sightings-reports} and their time indexes are read
 *       where a report has no entry yet and drained in bounded steps; the time indexes (expiry now
 *       sweeps the stores) are emptied. The hop to the campaign stage carries {@code CampaignChange}
 *       records (an indicator change or a notice); a {@code CorrelationEvent} in flight is read as one.</li>
 * </ul>
 */
public final class StateFormat {
    /** The format this build writes. */
    public static final int CURRENT = 4;

    /** The oldest format this build reads (and migrates as it goes). */
    public static final int OLDEST_READABLE = 1;

    private StateFormat() {}

    /** What the recorded state format means for this build. */
    public enum Verdict {
        /** No state yet: record the current format. */
        FRESH,
        /** The current format: nothing to do. */
        CURRENT,
        /** An older format this build reads: record the current one, and the state migrates as it goes. */
        UPGRADE,
        /** State this build cannot use: refuse to start. */
        REFUSE
    }

    /** A verdict and, for {@link Verdict#REFUSE} and {@link Verdict#UPGRADE}, the one line that explains it. */
    public record Decision(Verdict verdict, String message) {}

    /** What the application recorded: its state format, the partition count, and the build that wrote it. */
    public record Recorded(int format, int partitions, String build) {}

    /**
     * The decision for this build.
     *
     * @param recorded what the application recorded, if anything
     * @param hasState whether the application has stored state at all: its changelog topics exist (the
     *     reset tool deletes them, and Kafka Streams creates them at the first start)
     * @param assumed the format an operator vouches for when state has no record ({@code
     *     --assume-state-format}), if given
     * @param partitions the partition count this instance runs with
     * @param applicationId for the messages
     */
    public static Decision decide(
            Optional<Recorded> recorded,
            boolean hasState,
            Optional<Integer> assumed,
            int partitions,
            String applicationId) {
        if (!hasState) {
            // Nothing stored (or reset since): whatever was recorded no longer describes anything.
            return new Decision(Verdict.FRESH, "");
        }
        if (recorded.isEmpty()) {
            if (assumed.isEmpty()) {
                return new Decision(
                        Verdict.REFUSE,
                        "application " + applicationId + " has state but no state-format record, so the release"
                                + " that wrote it is unknown: if it was the last release before state-format records, start once with"
                                + " --assume-state-format 2 (the one before that: 1); an older one: "
                                + reset(applicationId));
            }
            return byFormat(new Recorded(assumed.get(), partitions, "an earlier release"), partitions, applicationId);
        }
        return byFormat(recorded.get(), partitions, applicationId);
    }

    private static Decision byFormat(Recorded recorded, int partitions, String applicationId) {
        int format = recorded.format();
        if (format > CURRENT) {
            return new Decision(
                    Verdict.REFUSE,
                    "application " + applicationId + " holds state format " + format + ", written by "
                            + recorded.build()
                            + "; this build reads formats " + OLDEST_READABLE + " to " + CURRENT
                            + ": run that build or a newer one (going back needs " + reset(applicationId) + ")");
        }
        if (format < OLDEST_READABLE) {
            return new Decision(
                    Verdict.REFUSE,
                    "application " + applicationId + " holds state format " + format + ", which this build cannot"
                            + " read (formats " + OLDEST_READABLE + " to " + CURRENT + "): " + reset(applicationId));
        }
        if (recorded.partitions() != partitions) {
            return new Decision(
                    Verdict.REFUSE,
                    "application " + applicationId + " keeps its state in " + recorded.partitions()
                            + " partitions, not " + partitions + ": run with --partitions " + recorded.partitions()
                            + ", or " + reset(applicationId));
        }
        if (format < CURRENT) {
            return new Decision(
                    Verdict.UPGRADE,
                    "upgrading application " + applicationId + " from state format " + format + " to " + CURRENT
                            + ": earlier records are read as they were written and rewritten as they change");
        }
        return new Decision(Verdict.CURRENT, "");
    }

    /** The reset path: rebuild from retained input. */
    static String reset(String applicationId) {
        return "stop every instance, run kafka-streams-application-reset --application-id " + applicationId
                + " --input-topics <the member topics>, then start with --reset-local-state to rebuild from the"
                + " retained input (README: Upgrading)";
    }
}
