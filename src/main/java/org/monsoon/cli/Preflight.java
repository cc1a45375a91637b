package org.monsoon.cli;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.monsoon.config.MonsoonConfig;

/**
 * What a client command checks before it starts, so that a newcomer gets one clear line within
 * seconds instead of a minute of client warnings: Kafka answers, the schema registry answers, and the
 * topics the command needs exist.
 */
final class Preflight {
    static final Duration TIMEOUT = Duration.ofSeconds(6);

    private Preflight() {}

    /** Throws a one-line {@link CliException} (exit 1) naming what cannot be reached or is missing. */
    static void check(MonsoonConfig config, Collection<String> topics) {
        Map<String, Object> props = config.clientConfig();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    throw new CliException(
                            "topic " + topic + " does not exist at " + config.bootstrapServers()
                                    + " — has 'monsoon run' provisioned the topics (and is --topic-prefix right)?",
                            1);
                }
            }
        } catch (TimeoutException | ExecutionException e) {
            throw new CliException(
                    "cannot reach Kafka at " + config.bootstrapServers() + " — is 'monsoon run --embedded' running?",
                    1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", 1);
        }
        config.registryClient().ping(TIMEOUT).ifPresent(reason -> {
            throw new CliException(
                    "cannot reach the schema registry at " + config.schemaRegistryUrl() + " (" + reason
                            + ") — is 'monsoon run --embedded' running?",
                    1);
        });
    }
}
