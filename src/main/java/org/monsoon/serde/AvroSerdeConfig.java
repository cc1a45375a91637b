package org.monsoon.serde;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.monsoon.registry.SchemaRegistryClient;

/**
 * The settings of Monsoon's Avro serde, under the keys Confluent's {@code KafkaAvroSerializer} uses, so
 * an existing client configuration carries over unchanged.
 */
public final class AvroSerdeConfig {
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

    private final String url;
    private final boolean autoRegister;
    private final boolean useLatestVersion;
    private final boolean specificReader;
    private final String userInfo;

    private AvroSerdeConfig(
            String url, boolean autoRegister, boolean useLatestVersion, boolean specificReader, String userInfo) {
        this.url = url;
        this.autoRegister = autoRegister;
        this.useLatestVersion = useLatestVersion;
        this.specificReader = specificReader;
        this.userInfo = userInfo;
    }

    /** Reads the settings; defaults as Confluent's: auto-register on, latest off, generic reader. */
    public static AvroSerdeConfig from(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL + "\"");
        }
        return new AvroSerdeConfig(
                url.toString(),
                bool(configs, AUTO_REGISTER_SCHEMAS, true),
                bool(configs, USE_LATEST_VERSION, false),
                bool(configs, SPECIFIC_AVRO_READER, false),
                userInfo(configs, url.toString()));
    }

    private static String userInfo(Map<String, ?> configs, String url) {
        Object source = configs.get(BASIC_AUTH_CREDENTIALS_SOURCE);
        if (source == null || source.toString().isBlank()) {
            return null;
        }
        switch (source.toString()) {
            case "USER_INFO":
                Object info = configs.get(BASIC_AUTH_USER_INFO);
                if (info == null || !info.toString().contains(":")) {
                    throw new ConfigException(BASIC_AUTH_USER_INFO + " must be user:password when "
                            + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO");
                }
                return info.toString();
            case "URL":
                String authority = java.net.URI.create(url.split(",")[0].trim()).getRawUserInfo();
                if (authority == null) {
                    throw new ConfigException(SCHEMA_REGISTRY_URL + " carries no user:password@ although "
                            + BASIC_AUTH_CREDENTIALS_SOURCE + "=URL");
                }
                return authority;
            default:
                throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source, "must be USER_INFO or URL");
        }
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
        Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new ConfigException(key, value, "must be true or false");
        }
        return Boolean.parseBoolean(text);
    }

    public SchemaRegistryClient newClient() {
        return new SchemaRegistryClient(url, userInfo);
    }

    public boolean autoRegister() {
        return autoRegister;
    }

    public boolean useLatestVersion() {
        return useLatestVersion;
    }

    public boolean specificReader() {
        return specificReader;
    }
}
