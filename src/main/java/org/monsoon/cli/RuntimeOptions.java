package org.monsoon.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.monsoon.config.InstanceIds;
import org.monsoon.config.KafkaMetrics;
import org.monsoon.config.MonsoonConfig;
import picocli.CommandLine.Option;

/** Options of the commands that run the pipeline ({@code run}, {@code demo}). */
final class RuntimeOptions {
    static final String MAIN_CONSUMER_INSTANCE_ID = "main.consumer.group.instance.id";

    @Option(names = "--http-host", description = "HTTP address (default: ${DEFAULT-VALUE})")
    String httpHost;

    @Option(names = "--http-port", description = "HTTP port (default: ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--kafka-port", description = "Embedded Kafka port (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--registry-port", description = "Embedded schema registry port (default: ${DEFAULT-VALUE})")
    int registryPort;

    @Option(names = "--partitions", description = "Partitions of created topics (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(
            names = "--replication-factor",
            description = "Replication factor of created and internal topics (default: ${DEFAULT-VALUE})")
    short replicationFactor;

    @Option(
            names = "--application-id",
            description = "Kafka Streams application id; instances with the same id share the work")
    String applicationId;

    @Option(
            names = "--processing-guarantee",
            description = "exactly_once_v2 or at_least_once (default: ${DEFAULT-VALUE})")
    String processingGuarantee;

    @Option(
            names = "--dedup-retention",
            description = "How long a report id is remembered, ISO-8601 duration (default: ${DEFAULT-VALUE})")
    String dedupRetention;

    @Option(names = "--window", description = "Correlation window, ISO-8601 duration (default: ${DEFAULT-VALUE})")
    String window;

    @Option(
            names = "--min-countries",
            description = "Distinct members that make an indicator correlated (default: ${DEFAULT-VALUE})")
    int minCountries;

    @Option(
            names = "--hub-reports",
            description = "Past this many shareable reports within the window a correlated indicator is a hub:"
                    + " listed, marked, but connecting no campaigns (default: ${DEFAULT-VALUE})")
    int hubReports;

    @Option(
            names = "--advisory-refresh",
            description = "Longest wait before an advisory whose report count alone changed gets a new version,"
                    + " ISO-8601 duration (default: ${DEFAULT-VALUE})")
    String advisoryRefresh;

    @Option(
            names = "--advertised-host",
            description = "Host other instances use to reach this one's HTTP API (default: the HTTP host)")
    String advertisedHost;

    @Option(
            names = "--region-name",
            description = "Name of the regional body in STIX exports (default: ${DEFAULT-VALUE})")
    String regionName;

    @Option(
            names = "--assume-state-format",
            paramLabel = "N",
            description = "The state format of an application whose state has no state-format record (written by a"
                    + " release before such records); see the README's upgrade section")
    Integer assumeStateFormat;

    @Option(
            names = "--instance-id",
            paramLabel = "ID",
            description = "Static group member id, unique per instance and stable across its restarts (e.g. the pod "
                    + "name): a restarted instance takes its own tasks back at once (default: the id kept in "
                    + "DATA-DIR/instance-id, created on the first start)")
    String instanceId;

    @Option(
            names = "--kafka-metrics",
            paramLabel = "useful|all",
            description = "Which of the Kafka clients' own metrics /metrics exposes: the stream threads' work,"
                    + " rebalances, lag and producer errors, or all of them (default: ${DEFAULT-VALUE})")
    KafkaMetrics kafkaMetrics;

    @Option(
            names = "--api-token",
            paramLabel = "TOKEN",
            description =
                    "Bearer token the HTTP API and /metrics require (prefer MONSOON_API_TOKEN; /health stays open)")
    String apiToken;

    @Option(
            names = "--http-allowed-hosts",
            paramLabel = "HOST[,HOST...]",
            split = ",",
            description = "Host header values the HTTP server answers besides its bind address, advertised host and "
                    + "localhost (a guard against DNS rebinding); '*' for any, e.g. behind a proxy that checks it")
    java.util.List<String> httpAllowedHosts = new java.util.ArrayList<>();

    MonsoonConfig apply(MonsoonConfig base) {
        if (!processingGuarantee.equals("exactly_once_v2") && !processingGuarantee.equals("at_least_once")) {
            throw new CliException(
                    "--processing-guarantee " + processingGuarantee + ": must be exactly_once_v2 or at_least_once");
        }
        for (int port : new int[] {httpPort, kafkaPort, registryPort}) {
            if (port < 0 || port > 65535) {
                throw new CliException("port " + port + " is out of range 0-65535");
            }
        }
        Duration retention = duration("--dedup-retention", dedupRetention);
        Duration correlationWindow = duration("--window", window);
        Duration refresh = duration("--advisory-refresh", advisoryRefresh);
        try {
            return withInstanceId(base)
                    .withHttp(httpHost, httpPort)
                    .withTopicLayout(partitions, replicationFactor)
                    .withApplicationId(applicationId)
                    .withProcessing(processingGuarantee, retention)
                    .withCorrelation(correlationWindow, minCountries)
                    .withAdvisoryRefresh(refresh)
                    .withHubReports(hubReports)
                    .withKafkaMetrics(kafkaMetrics)
                    .withAdvertising(advertisedHost, regionName)
                    .withApiToken(apiToken)
                    .withHttpAllowedHosts(httpAllowedHosts.stream()
                            .map(String::trim)
                            .filter(h -> !h.isEmpty())
                            .toList());
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    /**
     * Static membership for the Streams main consumer only ({@code main.consumer.} prefix): the other
     * clients Monsoon opens must not claim the same member id.
     */
    private MonsoonConfig withInstanceId(MonsoonConfig base) {
        String id = instanceId;
        if (id == null || id.isBlank()) {
            return base; // the data directory's own, when the instance starts: see withStableInstanceId
        }
        if (!InstanceIds.VALID.matcher(id).matches()) {
            throw new CliException("--instance-id " + id + ": use up to 200 letters, digits, '.', '_' and '-'");
        }
        return withInstanceId(base, id);
    }

    /**
     * The configuration an instance starts with: static membership under the data directory's own
     * instance id ({@link InstanceIds}, created on the first start) unless {@code --instance-id} or a
     * {@code kafka.*} setting chose one.
     */
    static MonsoonConfig withStableInstanceId(MonsoonConfig config) {
        if (config.clientOverrides().containsKey(MAIN_CONSUMER_INSTANCE_ID)) {
            return config;
        }
        try {
            return withInstanceId(config, InstanceIds.stable(config.dataDir()));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new CliException(e.getMessage());
        }
    }

    private static MonsoonConfig withInstanceId(MonsoonConfig base, String id) {
        java.util.Map<String, String> overrides = new java.util.HashMap<>(base.clientOverrides());
        overrides.put(MAIN_CONSUMER_INSTANCE_ID, id);
        return base.withClientOverrides(overrides);
    }

    /** A positive ISO-8601 duration given as {@code option}, or a usage error naming it. */
    static Duration duration(String option, String text) {
        Duration value;
        try {
            value = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliException(option + " " + text + ": not an ISO-8601 duration (e.g. P7D)");
        }
        if (value.isNegative() || value.isZero()) {
            throw new CliException(option + " must be positive");
        }
        return value;
    }
}
