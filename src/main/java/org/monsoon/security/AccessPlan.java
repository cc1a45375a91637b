package org.monsoon.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;

/**
 * The ACLs and quotas a region needs, for Kafka's authorizer: each CERT may write only its own
 * member topic and read only its own notices topic (with consumer groups named
 * {@code notices-<cc>...}), analysts may only read the advisories, and Monsoon's principal has
 * what its application id needs (its topics, internal topics, consumer group and transactional ids).
 * A produce quota per CERT keeps one member's bulk feed from starving the others.
 */
public final class AccessPlan {
    private final List<AclBinding> acls = new ArrayList<>();
    private final List<ClientQuotaAlteration> quotas = new ArrayList<>();

    /**
     * @param certs member code to its CERT's principal, e.g. {@code SG -> User:cert-sg}
     * @param produceBytesPerSecond per-CERT produce quota, or 0 for none
     */
    public AccessPlan(
            MonsoonConfig config,
            Topics topics,
            Map<String, String> certs,
            String analysts,
            String monsoon,
            long produceBytesPerSecond) {
        certs.forEach((member, principal) -> {
            String topic = topics.reports(member).name();
            allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE);
            // Its own private match notices, and nobody else's.
            allow(
                    principal,
                    ResourceType.TOPIC,
                    topics.notices(member).name(),
                    PatternType.LITERAL,
                    AclOperation.READ,
                    AclOperation.DESCRIBE);
            allow(principal, ResourceType.GROUP, noticesGroupPrefix(member), PatternType.PREFIXED, AclOperation.READ);
            // Its connectors' bookmarks (monsoon connect), and nobody else's.
            allow(
                    principal,
                    ResourceType.TOPIC,
                    topics.connectBookmarks(member).name(),
                    PatternType.LITERAL,
                    AclOperation.READ,
                    AclOperation.WRITE,
                    AclOperation.DESCRIBE);
            if (produceBytesPerSecond > 0) {
                quotas.add(new ClientQuotaAlteration(
                        new ClientQuotaEntity(
                                Map.of(ClientQuotaEntity.USER, principal.substring(principal.indexOf(':') + 1))),
                        List.of(new ClientQuotaAlteration.Op("producer_byte_rate", (double) produceBytesPerSecond))));
            }
        });
        allow(
                analysts,
                ResourceType.TOPIC,
                topics.advisories().name(),
                PatternType.LITERAL,
                AclOperation.READ,
                AclOperation.DESCRIBE);
        allow(analysts, ResourceType.GROUP, "analyst-", PatternType.PREFIXED, AclOperation.READ);
        allow(monsoon, ResourceType.TOPIC, config.topicPrefix(), PatternType.PREFIXED, AclOperation.ALL);
        allow(monsoon, ResourceType.TOPIC, config.applicationId() + "-", PatternType.PREFIXED, AclOperation.ALL);
        allow(monsoon, ResourceType.TOPIC, "_schemas", PatternType.LITERAL, AclOperation.ALL);
        allow(monsoon, ResourceType.GROUP, config.applicationId(), PatternType.PREFIXED, AclOperation.ALL);
        allow(monsoon, ResourceType.TRANSACTIONAL_ID, config.applicationId(), PatternType.PREFIXED, AclOperation.ALL);
        allow(
                monsoon,
                ResourceType.CLUSTER,
                "kafka-cluster",
                PatternType.LITERAL,
                AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS);
    }

    /** The consumer-group prefix a member's CERT reads its notices with, e.g. {@code notices-sg}. */
    public static String noticesGroupPrefix(String member) {
        return "notices-" + member.toLowerCase(java.util.Locale.ROOT);
    }

    private void allow(
            String principal, ResourceType type, String name, PatternType pattern, AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(
                    new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }

    public List<AclBinding> acls() {
        return List.copyOf(acls);
    }

    public List<ClientQuotaAlteration> quotas() {
        return List.copyOf(quotas);
    }

    /**
     * Creates the ACLs and sets the quotas (both idempotent), and returns once the broker enforces the
     * ACLs: the controller acknowledges them before the brokers have replayed them, and a client started
     * right after (Monsoon on its own principal, in CI) was refused in that gap.
     */
    public void apply(Admin admin) throws Exception {
        admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
        if (!quotas.isEmpty()) {
            admin.alterClientQuotas(quotas).all().get(60, TimeUnit.SECONDS);
        }
        awaitEnforced(admin, Duration.ofSeconds(60));
    }

    private void awaitEnforced(Admin admin, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // DescribeAcls is answered from the broker's own authorizer, so it shows what it enforces.
            var enforced = admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS);
            if (enforced.containsAll(acls)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(
                        "the broker did not enforce the new ACLs within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }
}
