package org.monsoon.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.connect.Bookmarks;
import org.monsoon.connect.MispFeedPull;
import org.monsoon.connect.ReportSink;
import org.monsoon.connect.TaxiiPull;
import org.monsoon.ingest.Admission;
import org.monsoon.schema.IncidentReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code monsoon connect}: pulls a MISP feed on a schedule, as one member, and sends what changed:
 * new events as reports, changed ones as revisions, deleted ones as withdrawals. Bookmarks in the
 * member's compacted topic let a restarted connector resume without sending again. The feed's
 * credential comes from a file or the environment, never from a flag others can read in {@code ps}.
 */
@Command(
        name = "connect",
        mixinStandardHelpOptions = true,
        description = "Pull a MISP feed or a TAXII 2.1 collection on a schedule as one member, sending what changed.")
final class ConnectCommand implements Callable<Integer> {
    /** Environment variable holding the feed's Authorization header value. */
    static final String AUTH_ENV = "MONSOON_MISP_AUTH";

    /** Environment variable holding the TAXII server's Authorization header value. */
    static final String TAXII_AUTH_ENV = "MONSOON_TAXII_AUTH";

    @ParentCommand
    MonsoonCli parent;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ImportOptions imports;

    @Option(names = "--reporter", required = true, paramLabel = "CC", description = "Your member code, e.g. SG")
    String reporter;

    @Option(
            names = "--misp-feed",
            paramLabel = "URL",
            description = "The MISP feed: the URL of its directory or of its manifest.json (http or https)")
    String feed;

    @Option(
            names = "--misp-auth-file",
            paramLabel = "FILE",
            description = "File holding the Authorization header value the feed needs (a MISP auth key, or"
                    + " 'Bearer <token>' for a Monsoon feed); or set " + AUTH_ENV)
    Path authFile;

    @Option(
            names = "--taxii",
            paramLabel = "URL",
            description = "A TAXII 2.1 API root to pull a collection from, e.g. https://host/taxii2/root/")
    String taxii;

    @Option(names = "--collection", paramLabel = "ID", description = "With --taxii: the collection's id")
    String collection;

    @Option(
            names = "--taxii-auth-file",
            paramLabel = "FILE",
            description = "File holding the Authorization header value the TAXII server needs (e.g. 'Bearer"
                    + " <token>'); or set " + TAXII_AUTH_ENV)
    Path taxiiAuthFile;

    /** Filled from {@value #TAXII_AUTH_ENV}; hidden, since a flag would show the credential in {@code ps}. */
    @Option(names = "--taxii-auth", hidden = true, description = "Prefer " + TAXII_AUTH_ENV)
    String taxiiAuthFromEnvironment;

    /**
     * Filled from {@value #AUTH_ENV} (the default value provider maps {@code --misp-auth} to it); hidden,
     * since a flag would show the credential in {@code ps}.
     */
    @Option(names = "--misp-auth", hidden = true, description = "Prefer " + AUTH_ENV + " or --misp-auth-file")
    String authFromEnvironment;

    @Option(
            names = "--interval",
            defaultValue = "PT10M",
            description = "How often to pull, ISO-8601 duration (default: ${DEFAULT-VALUE})")
    String interval;

    @Option(names = "--once", description = "Pull once and exit (exit 1 if anything failed)")
    boolean once;

    @Override
    public Integer call() throws Exception {
        MonsoonConfig config = connection.toConfig(parent.defaults());
        String member = reporter.toUpperCase(Locale.ROOT);
        if (!config.members().contains(member)) {
            throw new CliException(
                    "--reporter " + reporter + ": not a member (members: " + String.join(" ", config.members()) + ")");
        }
        if ((feed == null) == (taxii == null)) {
            throw new CliException("give one source: --misp-feed URL, or --taxii URL --collection ID");
        }
        if (taxii != null && (collection == null || collection.isBlank())) {
            throw new CliException("--taxii needs --collection ID");
        }
        URI uri = url(feed != null ? "--misp-feed" : "--taxii", feed != null ? feed : taxii);
        Duration every = RuntimeOptions.duration("--interval", interval);
        Optional<String> auth = feed != null
                ? authorization("--misp-auth-file", authFile, authFromEnvironment)
                : authorization("--taxii-auth-file", taxiiAuthFile, taxiiAuthFromEnvironment);
        Topics topics = Topics.of(config);
        Preflight.check(
                config,
                List.of(
                        topics.reports(member).name(),
                        topics.connectBookmarks(member).name()));
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "monsoon-connect-stop"));
        try (ReportProducer producer = new ReportProducer(config, member)) {
            ReportSink sink = new ReportSink() {
                @Override
                public Admission send(IncidentReport report) throws Exception {
                    return producer.produceValidated(report, Instant.now());
                }

                @Override
                public void withdraw(String reportId) {
                    producer.withdraw(reportId);
                }
            };
            java.util.function.Consumer<String> log = line -> err.println("monsoon: " + TerminalText.plain(line));
            String bookmarksTopic = topics.connectBookmarks(member).name();
            MispFeedPull misp = feed == null
                    ? null
                    : new MispFeedPull(
                            uri,
                            auth,
                            imports.misp(),
                            member,
                            sink,
                            new Bookmarks(config.clientConfig(), bookmarksTopic, "misp:" + uri),
                            config.correlationWindow(),
                            log);
            TaxiiPull taxiiPull = taxii == null
                    ? null
                    : new TaxiiPull(
                            uri,
                            collection,
                            auth,
                            member,
                            imports.severity,
                            imports.category,
                            imports.type,
                            sink,
                            new Bookmarks(config.clientConfig(), bookmarksTopic, "taxii:" + uri + "#" + collection),
                            config.correlationWindow(),
                            log);
            do {
                int failed;
                try {
                    if (misp != null) {
                        MispFeedPull.Outcome o = misp.pull();
                        err.printf(
                                "monsoon: %s: %d new, %d changed, %d withdrawn, %d unchanged, %d failed; %d with"
                                        + " indicators left out; %d report(s) too old to correlate (window %s)%n",
                                uri,
                                o.sent(),
                                o.revised(),
                                o.withdrawn(),
                                o.unchanged(),
                                o.failed(),
                                o.leftOut(),
                                o.tooOld(),
                                producer.window());
                        failed = o.failed();
                    } else {
                        TaxiiPull.Outcome o = taxiiPull.pull();
                        err.printf(
                                "monsoon: %s collection %s: %d object version(s) sent, %d withdrawn, %d skipped (not"
                                        + " indicators), %d failed; %d with indicators left out; %d report(s) too"
                                        + " old to correlate (window %s)%n",
                                uri,
                                collection,
                                o.sent(),
                                o.withdrawn(),
                                o.skipped(),
                                o.failed(),
                                o.leftOut(),
                                o.tooOld(),
                                producer.window());
                        failed = o.failed();
                    }
                } catch (IOException e) {
                    err.println("monsoon: " + uri + ": " + TerminalText.plain(String.valueOf(e.getMessage()))
                            + (once ? "" : "; trying again in " + every));
                    failed = 1;
                }
                err.flush();
                if (once) {
                    return failed == 0 ? 0 : 1;
                }
            } while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS));
        }
        return 0;
    }

    private static URI url(String option, String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(option + " " + text + ": not a URL");
        }
        if (uri.getScheme() == null
                || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new CliException(option + " " + text + ": must be an http or https URL");
        }
        return uri;
    }

    /** The source's Authorization header: from the file, else the environment, else none. */
    private static Optional<String> authorization(String option, Path file, String fromEnvironment) {
        if (file != null) {
            try {
                String value = Files.readString(file).strip();
                if (value.isEmpty() || value.contains("\n")) {
                    throw new CliException(option + " " + file + ": must hold one line, the header value");
                }
                return Optional.of(value);
            } catch (NoSuchFileException e) {
                throw new CliException(option + " " + file + ": no such file");
            } catch (IOException e) {
                throw new CliException(option + " " + file + ": " + e.getMessage(), 1);
            }
        }
        return fromEnvironment == null || fromEnvironment.isBlank()
                ? Optional.empty()
                : Optional.of(fromEnvironment.strip());
    }
}
