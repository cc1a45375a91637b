package org.monsoon.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything Monsoon is configured with, immutable. The CLI builds it from flags, {@code MONSOON_*}
 * environment variables and a properties file; tests build it with {@link #defaults()} and withers.
 *
 * @param clientOverrides extra Kafka client settings (e.g. {@code security.protocol}) passed to every
 *     producer, consumer, admin and Streams client
 * @param correlationWindow how close in event time sightings from different members must be
 * @param minCountries how many distinct members make an indicator correlated
 * @param hubReports past how many shareable reports within the window a correlated indicator is a hub:
 *     listed, but connecting no campaigns
 * @param advisoryRefresh how long an advisory whose report count alone changed may wait for its next
 *     version (a material change is published at once)
 * @param advertisedHost host other instances use to reach this one's HTTP API (null: the HTTP host)
 * @param regionName the regional body named in STIX exports
 * @param apiToken bearer token the HTTP API requires, or null for an open API
 * @param registryUserInfo {@code user:password} for the schema registry's writes (HTTP basic auth), or
 *     null: then Monsoon only reads the registry and looks schemas up instead of registering them
 * @param httpAllowedHosts Host header values the HTTP server answers besides its own bind address,
 *     advertised host and loopback names; {@code *} allows any
 * @param kafkaMetrics which of the Kafka clients' own metrics {@code /metrics} exposes
 */
public record MonsoonConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        String topicPrefix,
        List<String> members,
        int partitions,
        short replicationFactor,
        Path dataDir,
        String httpHost,
        int httpPort,
        String applicationId,
        String processingGuarantee,
        Duration dedupRetention,
        Map<String, String> clientOverrides,
        Duration correlationWindow,
        int minCountries,
        int hubReports,
        Duration advisoryRefresh,
        String advertisedHost,
        String regionName,
        String apiToken,
        String registryUserInfo,
        List<String> httpAllowedHosts,
        KafkaMetrics kafkaMetrics) {

    /** The eleven ASEAN member states (Timor-Leste joined on 2025-10-26). */
    public static final List<String> ASEAN = List.of("BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN");

    public MonsoonConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrap servers");
        members = List.copyOf(members);
        httpAllowedHosts = List.copyOf(httpAllowedHosts);
        clientOverrides = Map.copyOf(clientOverrides);
        for (String member : members) {
            if (!member.matches("[A-Z]{2}")) {
                throw new IllegalArgumentException(
                        "member '" + member + "' is not an upper-case ISO 3166-1 alpha-2 code");
            }
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("the member list is empty");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
        }
        if (minCountries < 2) {
            throw new IllegalArgumentException("min-countries must be at least 2, not " + minCountries);
        }
        if (hubReports < 1) {
            throw new IllegalArgumentException("hub-reports must be at least 1, not " + hubReports);
        }
        if (advisoryRefresh.isNegative() || advisoryRefresh.isZero()) {
            throw new IllegalArgumentException("advisory-refresh must be positive");
        }
        if (correlationWindow.isNegative() || correlationWindow.isZero()) {
            throw new IllegalArgumentException("the correlation window must be positive");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, not " + replicationFactor);
        }
    }

    /** Where {@code --embedded} and {@code demo} start Kafka and the schema registry by default. */
    public static final int EMBEDDED_KAFKA_PORT = 9092;

    public static final int EMBEDDED_REGISTRY_PORT = 8081;

    /**
     * The embedded defaults of the contract: Kafka on 127.0.0.1:9092, registry on :8081, HTTP on :8080.
     * The one place defaults are defined: the CLI reads them through {@link #optionDefaults()}.
     */
    public static MonsoonConfig defaults() {
        return new MonsoonConfig(
                "127.0.0.1:" + EMBEDDED_KAFKA_PORT,
                "http://127.0.0.1:" + EMBEDDED_REGISTRY_PORT,
                "monsoon.",
                ASEAN,
                3,
                (short) 1,
                Path.of("monsoon-data"),
                "127.0.0.1",
                8080,
                "monsoon",
                "exactly_once_v2",
                Duration.ofDays(30),
                Map.of(),
                Duration.ofDays(7),
                2,
                100,
                Duration.ofSeconds(60),
                null,
                "ASEAN regional CERT network",
                null,
                null,
                List.of(),
                KafkaMetrics.USEFUL);
    }

    /**
     * {@link #defaults()} as the CLI's options spell them ({@code --window} → {@code P7D}), so that
     * flags, environment variables and the properties file fall back to the same values as the code.
     */
    public static Map<String, String> optionDefaults() {
        MonsoonConfig d = defaults();
        Map<String, String> options = new HashMap<>();
        options.put("bootstrap-servers", d.bootstrapServers());
        options.put("schema-registry-url", d.schemaRegistryUrl());
        options.put("topic-prefix", d.topicPrefix());
        options.put("members", String.join(",", d.members()));
        options.put("partitions", Integer.toString(d.partitions()));
        options.put("replication-factor", Short.toString(d.replicationFactor()));
        options.put("data-dir", d.dataDir().toString());
        options.put("http-host", d.httpHost());
        options.put("http-port", Integer.toString(d.httpPort()));
        options.put("application-id", d.applicationId());
        options.put("processing-guarantee", d.processingGuarantee());
        options.put("dedup-retention", iso(d.dedupRetention()));
        options.put("window", iso(d.correlationWindow()));
        options.put("min-countries", Integer.toString(d.minCountries()));
        options.put("advisory-refresh", iso(d.advisoryRefresh()));
        options.put("hub-reports", Integer.toString(d.hubReports()));
        options.put("region-name", d.regionName());
        options.put("kafka-metrics", d.kafkaMetrics().name());
        options.put("kafka-port", Integer.toString(EMBEDDED_KAFKA_PORT));
        options.put("registry-port", Integer.toString(EMBEDDED_REGISTRY_PORT));
        return Map.copyOf(options);
    }

    /** ISO-8601 as people write it: whole days as {@code P7D}, anything else as {@code PT…}. */
    private static String iso(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 && duration.getNano() == 0
                ? "P" + duration.toDays() + "D"
                : duration.toString();
    }

    public MonsoonConfig withBootstrapServers(String value) {
        return copy(b -> {
            b.bootstrapServers = value;
        });
    }

    public MonsoonConfig withSchemaRegistryUrl(String value) {
        return copy(b -> {
            b.schemaRegistryUrl = value;
        });
    }

    public MonsoonConfig withTopicPrefix(String value) {
        return copy(b -> {
            b.topicPrefix = value;
        });
    }

    public MonsoonConfig withMembers(List<String> value) {
        return copy(b -> {
            b.members = value;
        });
    }

    public MonsoonConfig withDataDir(Path value) {
        return copy(b -> {
            b.dataDir = value;
        });
    }

    public MonsoonConfig withHttp(String host, int port) {
        return copy(b -> {
            b.httpHost = host;
            b.httpPort = port;
        });
    }

    public MonsoonConfig withApplicationId(String value) {
        return copy(b -> {
            b.applicationId = value;
        });
    }

    public MonsoonConfig withTopicLayout(int partitions, short replicationFactor) {
        return copy(b -> {
            b.partitions = partitions;
            b.replicationFactor = replicationFactor;
        });
    }

    public MonsoonConfig withProcessing(String guarantee, Duration retention) {
        return copy(b -> {
            b.processingGuarantee = guarantee;
            b.dedupRetention = retention;
        });
    }

    public MonsoonConfig withClientOverrides(Map<String, String> value) {
        return copy(b -> {
            b.clientOverrides = value;
        });
    }

    /** The correlation window and how many members make an indicator correlated. */
    public MonsoonConfig withCorrelation(Duration window, int countries) {
        return copy(b -> {
            b.correlationWindow = window;
            b.minCountries = countries;
        });
    }

    /** Which of the Kafka clients' own metrics {@code /metrics} exposes. */
    public MonsoonConfig withKafkaMetrics(KafkaMetrics value) {
        return copy(b -> {
            b.kafkaMetrics = Objects.requireNonNull(value, "kafka metrics");
        });
    }

    /** Past how many shareable reports within the window a correlated indicator is a hub. */
    public MonsoonConfig withHubReports(int reports) {
        return copy(b -> {
            b.hubReports = reports;
        });
    }

    /** How long an advisory whose report count alone changed may wait for its next version. */
    public MonsoonConfig withAdvisoryRefresh(Duration refresh) {
        return copy(b -> {
            b.advisoryRefresh = refresh;
        });
    }

    /** How other instances reach this one's HTTP API, and the name of the regional body in exports. */
    public MonsoonConfig withAdvertising(String host, String region) {
        return copy(b -> {
            b.advertisedHost = host;
            b.regionName = region;
        });
    }

    /** The bearer token the HTTP API requires (null or blank: none). */
    public MonsoonConfig withApiToken(String token) {
        return copy(b -> {
            b.apiToken = token;
        });
    }

    /** The schema registry credential, {@code user:password} (null or blank: none). */
    public MonsoonConfig withRegistryCredentials(String userInfo) {
        return copy(b -> {
            b.registryUserInfo = userInfo == null || userInfo.isBlank() ? null : userInfo;
        });
    }

    /** Extra Host header values the HTTP server answers ({@code *}: any). */
    public MonsoonConfig withHttpAllowedHosts(List<String> hosts) {
        return copy(b -> {
            b.httpAllowedHosts = hosts;
        });
    }

    /** A client of the configured registry, with its credential: the one way Monsoon makes one. */
    public org.monsoon.registry.SchemaRegistryClient registryClient() {
        return new org.monsoon.registry.SchemaRegistryClient(schemaRegistryUrl, registryUserInfo);
    }

    /** A copy with the changes {@code edit} makes to a mutable view of the fields. */
    private MonsoonConfig copy(java.util.function.Consumer<Fields> edit) {
        Fields b = new Fields(this);
        edit.accept(b);
        return b.build();
    }

    /** The record's fields, mutable, for the withers. */
    private static final class Fields {
        private String bootstrapServers;
        private String schemaRegistryUrl;
        private String topicPrefix;
        private List<String> members;
        private int partitions;
        private short replicationFactor;
        private Path dataDir;
        private String httpHost;
        private int httpPort;
        private String applicationId;
        private String processingGuarantee;
        private Duration dedupRetention;
        private Map<String, String> clientOverrides;
        private Duration correlationWindow;
        private int minCountries;
        private int hubReports;
        private Duration advisoryRefresh;
        private String advertisedHost;
        private String regionName;
        private String apiToken;
        private String registryUserInfo;
        private List<String> httpAllowedHosts;
        private KafkaMetrics kafkaMetrics;

        Fields(MonsoonConfig c) {
            bootstrapServers = c.bootstrapServers;
            schemaRegistryUrl = c.schemaRegistryUrl;
            topicPrefix = c.topicPrefix;
            members = c.members;
            partitions = c.partitions;
            replicationFactor = c.replicationFactor;
            dataDir = c.dataDir;
            httpHost = c.httpHost;
            httpPort = c.httpPort;
            applicationId = c.applicationId;
            processingGuarantee = c.processingGuarantee;
            dedupRetention = c.dedupRetention;
            clientOverrides = c.clientOverrides;
            correlationWindow = c.correlationWindow;
            minCountries = c.minCountries;
            hubReports = c.hubReports;
            advisoryRefresh = c.advisoryRefresh;
            advertisedHost = c.advertisedHost;
            regionName = c.regionName;
            apiToken = c.apiToken;
            registryUserInfo = c.registryUserInfo;
            httpAllowedHosts = c.httpAllowedHosts;
            kafkaMetrics = c.kafkaMetrics;
        }

        MonsoonConfig build() {
            return new MonsoonConfig(
                    bootstrapServers,
                    schemaRegistryUrl,
                    topicPrefix,
                    members,
                    partitions,
                    replicationFactor,
                    dataDir,
                    httpHost,
                    httpPort,
                    applicationId,
                    processingGuarantee,
                    dedupRetention,
                    clientOverrides,
                    correlationWindow,
                    minCountries,
                    hubReports,
                    advisoryRefresh,
                    advertisedHost,
                    regionName,
                    apiToken,
                    registryUserInfo,
                    httpAllowedHosts,
                    kafkaMetrics);
        }
    }

    /** Like the record's, but secrets (the API token, client settings such as passwords) are not shown. */
    @Override
    public String toString() {
        return "MonsoonConfig[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl
                + ", topicPrefix=" + topicPrefix + ", members=" + members + ", applicationId=" + applicationId
                + ", processingGuarantee=" + processingGuarantee + ", clientOverrides=" + clientOverrides.keySet()
                + ", apiToken=" + (apiToken == null || apiToken.isBlank() ? "none" : "(set)")
                + ", registryCredentials=" + (registryUserInfo == null ? "none" : "(set)") + "]";
    }

    /** Settings common to every Kafka client and to the Avro serde. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(clientOverrides);
        config.put("bootstrap.servers", bootstrapServers);
        config.put("schema.registry.url", schemaRegistryUrl);
        if (registryUserInfo != null) {
            config.put("basic.auth.credentials.source", "USER_INFO");
            config.put("basic.auth.user.info", registryUserInfo);
        }
        return config;
    }
}
