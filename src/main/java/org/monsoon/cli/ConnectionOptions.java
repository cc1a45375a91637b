package org.monsoon.cli;

import java.nio.file.Path;
import java.util.List;
import org.monsoon.config.MonsoonConfig;
import picocli.CommandLine.Option;

/** The options every command shares: where Kafka and the registry are, and how topics are named. */
final class ConnectionOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})", defaultValue = "127.0.0.1:9092")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL[,...]",
            description = "Schema Registry URL(s) (default: ${DEFAULT-VALUE})", defaultValue = "http://127.0.0.1:8081")
    String schemaRegistryUrl;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with option defaults (keys as option names; kafka.* go to the clients)")
    Path configFile;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "monsoon.",
            description = "Prefix of every topic (default: ${DEFAULT-VALUE})")
    String topicPrefix;

    @Option(names = "--members", paramLabel = "CC[,CC...]", split = ",",
            defaultValue = "BN,KH,ID,LA,MY,MM,PH,SG,TH,TL,VN",
            description = "Member states (ISO 3166-1 alpha-2) (default: ${DEFAULT-VALUE})")
    List<String> members;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "monsoon-data",
            description = "Directory for embedded Kafka and state stores (default: ${DEFAULT-VALUE})")
    Path dataDir;

    /** The configuration these options describe, with {@code kafka.*} client overrides from the file. */
    MonsoonConfig toConfig(ConfigDefaults defaults) {
        try {
            return MonsoonConfig.defaults()
                    .withBootstrapServers(bootstrapServers)
                    .withSchemaRegistryUrl(schemaRegistryUrl)
                    .withTopicPrefix(topicPrefix)
                    .withMembers(members.stream().map(String::trim).toList())
                    .withDataDir(dataDir)
                    .withClientOverrides(defaults.clientOverrides());
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }
}
