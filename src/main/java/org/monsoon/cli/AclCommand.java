package org.monsoon.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.security.AccessPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code monsoon acl}: creates the region's ACLs and per-CERT produce quotas with Kafka's Admin API,
 * connected as an operator (pass the operator's credentials as {@code kafka.*} settings).
 */
@Command(
        name = "acl",
        mixinStandardHelpOptions = true,
        description = "Create ACLs: each CERT writes only its own topic, analysts read advisories, Monsoon runs.")
final class AclCommand implements Callable<Integer> {
    @ParentCommand
    MonsoonCli parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--cert",
            required = true,
            split = ",",
            paramLabel = "CC=PRINCIPAL",
            description = "A member's CERT principal, e.g. SG=User:cert-sg (repeatable or comma-separated)")
    List<String> certs;

    @Option(
            names = "--analysts",
            defaultValue = "User:analysts",
            description = "Analysts' principal (default: ${DEFAULT-VALUE})")
    String analysts;

    @Option(
            names = "--monsoon-principal",
            defaultValue = "User:monsoon",
            description = "Monsoon's principal (default: ${DEFAULT-VALUE})")
    String monsoon;

    @Option(names = "--application-id", description = "Monsoon's application id (default: ${DEFAULT-VALUE})")
    String applicationId;

    @Option(
            names = "--produce-quota",
            defaultValue = "1048576",
            description = "Produce bytes/s per CERT, 0 for none (default: ${DEFAULT-VALUE})")
    long produceQuota;

    @Option(names = "--dry-run", description = "Print the ACLs and quotas without creating them")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        MonsoonConfig config = connection.toConfig(parent.defaults()).withApplicationId(applicationId);
        Map<String, String> byMember = new LinkedHashMap<>();
        for (String entry : certs) {
            String[] parts = entry.split("=", 2);
            String member = parts[0].trim().toUpperCase(Locale.ROOT);
            if (parts.length != 2
                    || !parts[1].contains(":")
                    || !config.members().contains(member)) {
                throw new CliException("--cert " + entry + ": expected CC=User:name with CC one of the members");
            }
            byMember.put(member, parts[1].trim());
        }
        if (produceQuota < 0) {
            throw new CliException("--produce-quota must not be negative");
        }
        AccessPlan plan = new AccessPlan(config, Topics.of(config), byMember, analysts, monsoon, produceQuota);
        var out = spec.commandLine().getOut();
        plan.acls()
                .forEach(acl ->
                        out.println(acl.entry().principal() + " " + acl.entry().permissionType() + " "
                                + acl.entry().operation() + " " + acl.pattern().resourceType() + " "
                                + acl.pattern().patternType()
                                + " " + acl.pattern().name()));
        plan.quotas().forEach(q -> out.println("quota " + q.entity().entries() + " " + q.ops()));
        if (!dryRun) {
            try (Admin admin = Admin.create(config.clientConfig())) {
                plan.apply(admin);
            }
            out.printf(
                    "created %d ACLs and %d quotas%n",
                    plan.acls().size(), plan.quotas().size());
        }
        return 0;
    }
}
