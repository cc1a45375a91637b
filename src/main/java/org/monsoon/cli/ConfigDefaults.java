package org.monsoon.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.monsoon.config.MonsoonConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option not given as a flag takes its value from: first the environment
 * ({@code --bootstrap-servers} → {@code MONSOON_BOOTSTRAP_SERVERS}), then the properties file of
 * {@code --config} (key {@code bootstrap-servers} or {@code bootstrap.servers}), then
 * {@link MonsoonConfig#optionDefaults()}, the one definition of Monsoon's defaults; options that only
 * the CLI has keep their default in their annotation. Keys {@code kafka.*} of the file are passed to
 * every Kafka client.
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
    private final Map<String, String> environment;
    private final Properties file;

    ConfigDefaults(Map<String, String> environment, Properties file) {
        this.environment = environment;
        this.file = file;
    }

    /** Loads {@code --config FILE} (or {@code MONSOON_CONFIG}); a missing file is a usage error. */
    static ConfigDefaults load(String[] args, Map<String, String> environment) {
        String path = environment.get("MONSOON_CONFIG");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                path = args[i].substring("--config=".length());
            }
        }
        Properties properties = new Properties();
        if (path != null) {
            try (Reader reader = Files.newBufferedReader(Path.of(path))) {
                properties.load(reader);
            } catch (NoSuchFileException e) {
                throw new CliException("--config " + path + ": no such file");
            } catch (IOException | IllegalArgumentException e) {
                throw new CliException("--config " + path + ": cannot read it (" + e.getMessage() + ")");
            }
        }
        return new ConfigDefaults(environment, properties);
    }

    /** No environment and no file: every option takes Monsoon's own default. */
    static ConfigDefaults none() {
        return new ConfigDefaults(Map.of(), new Properties());
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        String configured = configured(argSpec);
        if (configured != null || !argSpec.isOption()) {
            return configured;
        }
        return MonsoonConfig.optionDefaults().get(name(argSpec));
    }

    /** The value the environment or the file gives an option, or null when neither does. */
    String configured(ArgSpec argSpec) {
        if (!argSpec.isOption()) {
            return null;
        }
        String name = name(argSpec);
        String env = environment.get("MONSOON_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        if (env != null) {
            return env;
        }
        String value = file.getProperty(name);
        return value != null ? value : file.getProperty(name.replace('-', '.'));
    }

    private static String name(ArgSpec argSpec) {
        return ((OptionSpec) argSpec).longestName().replaceFirst("^-+", "");
    }

    /**
     * Kafka client settings for every client: the file's {@code kafka.*} keys, then environment
     * variables {@code MONSOON_KAFKA_*} ({@code MONSOON_KAFKA_SASL_JAAS_CONFIG} is
     * {@code sasl.jaas.config}), which win so that secrets can stay out of files.
     */
    Map<String, String> clientOverrides() {
        Map<String, String> overrides = new HashMap<>();
        for (String key : file.stringPropertyNames()) {
            if (key.startsWith("kafka.")) {
                overrides.put(key.substring("kafka.".length()), file.getProperty(key));
            }
        }
        environment.forEach((name, value) -> {
            if (name.startsWith("MONSOON_KAFKA_") && !name.equals("MONSOON_KAFKA_PORT")) {
                overrides.put(
                        name.substring("MONSOON_KAFKA_".length())
                                .toLowerCase(Locale.ROOT)
                                .replace('_', '.'),
                        value);
            }
        });
        return overrides;
    }
}
