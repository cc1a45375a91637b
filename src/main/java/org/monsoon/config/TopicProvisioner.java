package org.monsoon.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.monsoon.registry.SchemaRegistryClient;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.MatchNotice;
import org.monsoon.schema.WarninglistEntry;
import org.monsoon.serde.TopicNameStrategy;

/**
 * What {@code monsoon run} does before the pipeline starts: create the contract's missing topics and
 * register the current schemas under their TopicNameStrategy subjects, so producers that use the
 * latest registered version (or that do not auto-register) find it.
 */
public final class TopicProvisioner {
    private final MonsoonConfig config;
    private final Topics topics;

    public TopicProvisioner(MonsoonConfig config, Topics topics) {
        this.config = config;
        this.topics = topics;
    }

    /** Creates the topics that do not exist yet; returns the names it created. */
    public List<String> createMissingTopics() {
        try (Admin admin = Admin.create(config.clientConfig())) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.Topic<?, ?> topic : topics.all()) {
                if (!existing.contains(topic.name())) {
                    NewTopic spec = new NewTopic(
                            topic.name(),
                            topic.partitions() > 0 ? topic.partitions() : config.partitions(),
                            config.replicationFactor());
                    Map<String, String> configs = new java.util.HashMap<>(topic.configs());
                    if (topic.compacted()) {
                        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                    }
                    spec.configs(configs);
                    missing.add(spec);
                }
            }
            try {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // Another instance may have created them at the same moment.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            List<String> created = missing.stream().map(NewTopic::name).toList();
            awaitLeaders(admin, created);
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Cannot create topics on " + config.bootstrapServers() + ": "
                            + (e.getCause() == null ? e : e.getCause()).getMessage(),
                    e);
        }
    }

    /**
     * Waits until every partition of the new topics has a leader: the controller answers before the
     * broker has loaded them, and producers that start on a partition still loading were seen to fail
     * their sequence checks.
     */
    private static void awaitLeaders(Admin admin, List<String> names) throws InterruptedException {
        if (names.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                boolean ready = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                        .allMatch(t -> t.partitions().stream()
                                .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) {
                    return;
                }
            } catch (ExecutionException | TimeoutException notYet) {
                // metadata not propagated yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the new topics have no leader after 60 s: " + names);
    }

    /**
     * Registers the report schema under every member's subject, and the other value schemas. Without
     * the registry's write credential, schemas already registered (by an operator, or by an instance
     * that has it) are enough; a missing one fails with what to do.
     */
    public void registerSchemas() {
        for (Topics.Topic<?, ?> topic : topics.allReports()) {
            ensure(topic.name(), IncidentReport.getClassSchema());
        }
        ensure(topics.accepted().name(), IncidentReport.getClassSchema());
        ensure(topics.advisories().name(), Advisory.getClassSchema());
        ensure(topics.advisoryHistory().name(), Advisory.getClassSchema());
        ensure(topics.warninglist().name(), WarninglistEntry.getClassSchema());
        for (Topics.Topic<?, ?> topic : topics.allNotices()) {
            ensure(topic.name(), MatchNotice.getClassSchema());
        }
    }

    private void ensure(String topic, org.apache.avro.Schema schema) {
        SchemaRegistryClient client = topics.registryClient();
        String subject = TopicNameStrategy.subject(topic, false);
        try {
            client.register(subject, schema);
        } catch (org.monsoon.registry.SchemaRegistryException refused) {
            if (refused.status() != 401 && refused.status() != 403) {
                throw refused;
            }
            try {
                client.lookup(subject, schema);
            } catch (org.monsoon.registry.SchemaRegistryException missing) {
                throw new IllegalStateException(
                        "The schema of " + subject + " is not registered, and registering it"
                                + " needs the registry's write credential: give it with --registry-credentials or"
                                + " MONSOON_REGISTRY_CREDENTIALS (" + missing.getMessage() + ")",
                        missing);
            }
        }
    }
}
