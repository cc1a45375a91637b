package org.monsoon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.embedded.EmbeddedPlatform;

/**
 * One embedded broker and registry for every integration test in the JVM (started on first use,
 * stopped at exit), so the suite pays the broker's start-up once. Tests isolate themselves by topic
 * prefix and application id.
 */
public final class SharedPlatform {
    private static EmbeddedPlatform platform;
    private static Path dataDir;

    private SharedPlatform() {}

    public static synchronized EmbeddedPlatform get() {
        if (platform == null) {
            try {
                dataDir = TestDirs.create("monsoon-it");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            platform = EmbeddedPlatform.start(dataDir, "127.0.0.1", 0, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(platform::close));
        }
        return platform;
    }

    /**
     * A configuration on the shared platform (with the registry's credential) for one test: topics
     * prefixed {@code name.}, application id {@code name}, {@code partitions} per topic.
     */
    public static MonsoonConfig config(String name, int partitions) {
        EmbeddedPlatform p = get();
        return MonsoonConfig.defaults()
                .withBootstrapServers(p.bootstrapServers())
                .withSchemaRegistryUrl(p.schemaRegistryUrl())
                .withRegistryCredentials(p.registryUserInfo())
                .withTopicPrefix(name + ".")
                .withApplicationId(name)
                .withTopicLayout(partitions, (short) 1);
    }

    public static Path dataDir() {
        get();
        return dataDir;
    }
}
