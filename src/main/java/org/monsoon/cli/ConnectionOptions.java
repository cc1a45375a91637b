package org.monsoon.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.registry.RegistryCredentials;
import picocli.CommandLine.Option;

/** The options every command shares: where Kafka and the registry are, and how topics are named. */
final class ConnectionOptions {
    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL[,...]",
            description = "Schema Registry URL(s) (default: ${DEFAULT-VALUE})")
    String schemaRegistryUrl;

    @Option(
            names = "--registry-credentials",
            paramLabel = "USER:PASSWORD",
            description = "Credential for schema registry writes (prefer MONSOON_REGISTRY_CREDENTIALS; default: the "
                    + "embedded registry's, from DATA-DIR/registry-credentials, when that file exists)")
    String registryCredentials;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file with option defaults (keys as option names; kafka.* go to the clients)")
    Path configFile;

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            description = "Prefix of every topic (default: ${DEFAULT-VALUE})")
    String topicPrefix;

    @Option(
            names = "--members",
            paramLabel = "CC[,CC...]",
            split = ",",
            description = "Member states (ISO 3166-1 alpha-2) (default: ${DEFAULT-VALUE})")
    List<String> members;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Directory for embedded Kafka and state stores (default: ${DEFAULT-VALUE})")
    Path dataDir;

    /** The given credential, else the embedded registry's from the data directory, else none. */
    private String registryCredentials() {
        if (registryCredentials != null && !registryCredentials.isBlank()) {
            try {
                return RegistryCredentials.parse(registryCredentials).userInfo();
            } catch (IllegalArgumentException e) {
                throw new CliException("--registry-credentials: " + e.getMessage());
            }
        }
        Path file = dataDir.resolve(RegistryCredentials.FILE_NAME);
        if (Files.isReadable(file)) {
            try {
                return RegistryCredentials.read(file).userInfo();
            } catch (IOException e) {
                throw new CliException("cannot read the registry credential: " + e.getMessage());
            }
        }
        return null;
    }

    /** The configuration these options describe, with {@code kafka.*} client overrides from the file. */
    MonsoonConfig toConfig(ConfigDefaults defaults) {
        try {
            return MonsoonConfig.defaults()
                    .withBootstrapServers(bootstrapServers)
                    .withSchemaRegistryUrl(schemaRegistryUrl)
                    .withTopicPrefix(topicPrefix)
                    .withMembers(members.stream().map(String::trim).toList())
                    .withDataDir(dataDir)
                    .withRegistryCredentials(registryCredentials())
                    .withClientOverrides(defaults.clientOverrides());
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }
}
