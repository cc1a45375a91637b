package org.monsoon.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.ingest.DeadLetters;
import org.monsoon.ingest.Rejection;
import org.monsoon.serde.AvroJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code monsoon dlq}: the operators' tools for the dead-letter topic. {@code list} counts letters per
 * member and code and shows each with its reason; {@code show} prints one in full; {@code replay} sends
 * letters back to their source topics once their cause is fixed, exactly once per letter.
 */
@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        description = "Inspect and replay dead letters.",
        subcommands = {
            DlqCommand.ListLetters.class,
            DlqCommand.Show.class,
            DlqCommand.Replay.class,
            DlqCommand.Resolve.class
        })
final class DlqCommand {
    @ParentCommand
    MonsoonCli parent;

    /** Options that choose letters. */
    static final class Filter {
        @Option(names = "--member", paramLabel = "CC", description = "Only this member's letters")
        String member;

        @Option(names = "--code", paramLabel = "CODE", description = "Only this code: ${COMPLETION-CANDIDATES}")
        Rejection.Code code;

        @Option(
                names = "--since",
                paramLabel = "TIME",
                description = "Only letters written since an instant (2026-11-28T00:00:00Z) or a duration ago (PT6H)")
        String since;

        Predicate<DeadLetters.Letter> predicate() {
            Instant from = since == null ? Instant.EPOCH : instant(since);
            return l -> (member == null || l.member().equalsIgnoreCase(member))
                    && (code == null || l.code().equals(code.name()))
                    && !l.time().isBefore(from);
        }

        private static Instant instant(String text) {
            try {
                return text.startsWith("P") ? Instant.now().minus(Duration.parse(text)) : Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new CliException(
                        "--since " + text + ": not an instant (2026-11-28T00:00:00Z) or a duration (PT6H)");
            }
        }
    }

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        DlqCommand dlq;

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        MonsoonConfig config() {
            return connection.toConfig(dlq.parent.defaults());
        }

        DeadLetters letters(MonsoonConfig config) {
            Topics topics = Topics.of(config);
            return new DeadLetters(
                    config.clientConfig(),
                    topics.deadLetters().name(),
                    topics.deadLetterReplays().name(),
                    topics.reportsPrefix());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Count dead letters per member and code, and list them.")
    static final class ListLetters extends Sub {
        @Mixin
        Filter filter;

        @Override
        public Integer call() {
            List<DeadLetters.Letter> letters = letters(config()).read(filter.predicate());
            Map<String, Integer> counts = new TreeMap<>();
            letters.forEach(l -> counts.merge(l.member() + " " + l.code(), 1, Integer::sum));
            PrintWriter out = out();
            out.printf("%d dead letter(s)%n", letters.size());
            counts.forEach((memberCode, n) -> out.printf("  %-30s %d%n", memberCode, n));
            if (!letters.isEmpty()) {
                out.printf(
                        "%n%-10s %-24s %-6s %-22s %-9s %s%n", "LETTER", "TIME", "MEMBER", "CODE", "STATUS", "REASON");
            }
            for (DeadLetters.Letter l : letters) {
                out.printf(
                        "%-10s %-24s %-6s %-22s %-9s %s%s%s%n",
                        l.coordinates(),
                        l.time(),
                        l.member(),
                        l.code(),
                        l.status().name().toLowerCase(java.util.Locale.ROOT),
                        TerminalText.plain(clip(l.reason(), 160)),
                        l.truncated() ? " [truncated]" : "",
                        l.replayOf() == null ? "" : " [replay of " + TerminalText.plain(l.replayOf()) + "]");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print one dead letter in full.")
    static final class Show extends Sub {
        @Parameters(paramLabel = "PARTITION@OFFSET", description = "The letter, as 'dlq list' names it")
        String coordinates;

        @Override
        public Integer call() {
            if (!coordinates.matches("\\d+@\\d+")) {
                throw new CliException("'" + coordinates + "' is not PARTITION@OFFSET (e.g. 0@42)");
            }
            MonsoonConfig config = config();
            DeadLetters.Letter l = letters(config).read(x -> x.coordinates().equals(coordinates)).stream()
                    .findFirst()
                    .orElseThrow(() -> new CliException("no dead letter at " + coordinates, 1));
            PrintWriter out = out();
            out.printf(
                    "letter:  %s (%s)%nmember:  %s%ncode:    %s%nreason:  %s%nsource:  %s%ntruncated: %s%n",
                    l.coordinates(),
                    l.time(),
                    l.member(),
                    l.code(),
                    TerminalText.plain(l.reason()),
                    l.sourceTopic(),
                    l.truncated());
            out.printf(
                    "key:     %s%n",
                    l.key() == null
                            ? "(none)"
                            : TerminalText.plain(new String(l.key(), java.nio.charset.StandardCharsets.UTF_8)));
            out.printf("value:   %s%n", describe(config, l));
            out.flush();
            return 0;
        }

        private static String describe(MonsoonConfig config, DeadLetters.Letter l) {
            if (l.value() == null) {
                return "(none: a tombstone)";
            }
            try {
                Object decoded = new org.monsoon.serde.AvroDeserializer<>(
                                config.registryClient(), org.monsoon.schema.IncidentReport.class)
                        .deserialize(l.sourceTopic(), l.value());
                return TerminalText.json(AvroJson.toJson((org.monsoon.schema.IncidentReport) decoded)
                        .toString());
            } catch (RuntimeException e) {
                StringBuilder hex = new StringBuilder();
                for (int i = 0; i < Math.min(64, l.value().length); i++) {
                    hex.append(String.format("%02x", l.value()[i]));
                }
                return l.value().length + " bytes, not a decodable report ("
                        + TerminalText.plain(clip(String.valueOf(e.getMessage()), 200)) + "); first bytes " + hex;
            }
        }
    }

    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            description = "Send dead letters back to their source topics (exactly once per letter).")
    static final class Replay extends Sub {
        @Mixin
        Filter filter;

        @Option(names = "--dry-run", description = "Say what would be replayed, send nothing")
        boolean dryRun;

        @Override
        public Integer call() {
            MonsoonConfig config = config();
            DeadLetters letters = letters(config);
            DeadLetters.Replayed done = dryRun
                    ? letters.dryRun(filter.predicate())
                    : letters.replay(filter.predicate(), config.applicationId() + "-dlq-replay");
            out().printf(
                            "%s %d letter(s); %d replayed or resolved before; %d offspring of a replay (never"
                                    + " replayed); %d not replayable (truncated, or accepted without some"
                                    + " indicators)%n",
                            dryRun ? "would replay" : "replayed",
                            done.sent(),
                            done.closed(),
                            done.offspring(),
                            done.notReplayable());
            out().flush();
            return 0;
        }
    }

    @Command(
            name = "resolve",
            mixinStandardHelpOptions = true,
            description = "Close dead letters that corrected reports superseded: shown as resolved, never replayed.")
    static final class Resolve extends Sub {
        @Parameters(
                paramLabel = "PARTITION@OFFSET",
                arity = "1..*",
                description = "The letters, as 'dlq list' names them")
        List<String> letters;

        @Override
        public Integer call() {
            for (String coordinates : letters) {
                if (!coordinates.matches("\\d{1,9}@\\d{1,18}")) {
                    throw new CliException("'" + coordinates + "' is not PARTITION@OFFSET (e.g. 0@42)");
                }
            }
            DeadLetters dlq = letters(config());
            int failed = 0;
            for (String coordinates : letters) {
                String[] parts = coordinates.split("@");
                try {
                    var letter = dlq.resolve(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
                    if (letter.isEmpty()) {
                        out().printf("%s: no such letter%n", coordinates);
                        failed++;
                    } else {
                        out().printf(
                                        "%s: resolved (%s %s)%n",
                                        coordinates,
                                        letter.get().member(),
                                        letter.get().code());
                    }
                } catch (IllegalStateException e) {
                    out().printf("%s: %s%n", coordinates, TerminalText.plain(e.getMessage()));
                    failed++;
                }
            }
            out().flush();
            return failed == 0 ? 0 : 1;
        }
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
