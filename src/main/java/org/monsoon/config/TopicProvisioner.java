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
                    NewTopic spec = new NewTopic(topic.name(), config.partitions(), config.replicationFactor());
                    if (topic.compacted()) {
                        spec.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                    }
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
            return missing.stream().map(NewTopic::name).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topics on " + config.bootstrapServers() + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
    }

    /** Registers the report schema under every member's subject, and the other value schemas. */
    public void registerSchemas() {
        SchemaRegistryClient client = topics.registryClient();
        for (Topics.Topic<?, ?> topic : topics.allReports()) {
            client.register(TopicNameStrategy.subject(topic.name(), false), IncidentReport.getClassSchema());
        }
        client.register(TopicNameStrategy.subject(topics.accepted().name(), false), IncidentReport.getClassSchema());
        client.register(TopicNameStrategy.subject(topics.advisories().name(), false), Advisory.getClassSchema());
        client.register(TopicNameStrategy.subject(topics.warninglist().name(), false),
                WarninglistEntry.getClassSchema());
        for (Topics.Topic<?, ?> topic : topics.allNotices()) {
            client.register(TopicNameStrategy.subject(topic.name(), false), MatchNotice.getClassSchema());
        }
    }
}
