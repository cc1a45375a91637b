package org.monsoon.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.monsoon.MonsoonApplication;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.StateFormatGuard;
import org.monsoon.config.Topics;
import org.monsoon.embedded.EmbeddedPlatform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code monsoon run}: one pipeline instance, against a cluster or with {@code --embedded} Kafka. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the Monsoon pipeline.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    MonsoonCli parent;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    RuntimeOptions runtime;

    @Option(names = "--embedded", description = "Start an embedded Kafka broker and schema registry")
    boolean embedded;

    @Option(
            names = "--reset-local-state",
            description = "Delete this instance's local state stores before starting (rebuilt from changelogs)")
    boolean resetLocalState;

    /**
     * Says once, on the start that created it, where the embedded registry's write credential lives; the
     * password itself is never printed.
     */
    static void announceCredential(EmbeddedPlatform platform) {
        var loaded = platform.registryCredentials();
        if (loaded.created()) {
            System.out.println("Schema registry writes need a credential: created user "
                    + loaded.credentials().user() + " with its password in "
                    + loaded.file().toAbsolutePath()
                    + " (owner-only). Monsoon's commands with the same --data-dir use it.");
        }
    }

    @Override
    public Integer call() throws Exception {
        MonsoonConfig config = runtime.apply(connection.toConfig(parent.defaults()));
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedPlatform platform = null;
        if (embedded) {
            platform = EmbeddedPlatform.start(config.dataDir(), "127.0.0.1", runtime.kafkaPort, runtime.registryPort);
            config = config.withBootstrapServers(platform.bootstrapServers())
                    .withSchemaRegistryUrl(platform.schemaRegistryUrl())
                    .withRegistryCredentials(platform.registryUserInfo());
            announceCredential(platform);
        }
        if (resetLocalState) {
            MonsoonApplication.resetLocalState(config, Topics.of(config));
        }
        MonsoonApplication app;
        try {
            app = MonsoonApplication.start(
                    RuntimeOptions.withStableInstanceId(config), true, Optional.ofNullable(runtime.assumeStateFormat));
        } catch (StateFormatGuard.IncompatibleStateException e) {
            if (platform != null) {
                platform.close();
            }
            throw new CliException(e.getMessage(), 1);
        }
        System.out.println("Kafka:           " + config.bootstrapServers());
        System.out.println("Schema registry: " + config.schemaRegistryUrl());
        System.out.println("HTTP:            " + app.httpUrl());
        EmbeddedPlatform started = platform;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            app.close();
                            if (started != null) {
                                started.close();
                            }
                            stopped.countDown();
                        },
                        "monsoon-shutdown"));
        stopped.await();
        return 0;
    }
}
