package org.monsoon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input on the command line: one line naming the problem, exit 2, never a stack trace. */
class CliTest {
    record Outcome(int code, String out, String err) {}

    private static Outcome run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MonsoonCli.execute(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    private static void assertOneLineError(Outcome outcome, int code, String fragment) {
        assertEquals(code, outcome.code(), outcome.err());
        assertEquals(1, outcome.err().strip().lines().count(), "one line: " + outcome.err());
        assertTrue(outcome.err().contains(fragment), outcome.err());
        assertFalse(outcome.err().contains("\tat "), "no stack trace");
    }

    @Test
    void aWithdrawalWithAFileIsAUsageError() {
        assertOneLineError(
                run(Map.of(), "produce", "--reporter", "SG", "--withdraw", "sg-1", "--file", "reports.jsonl"),
                2,
                "--withdraw takes no --file");
    }

    @Test
    void withoutAnInstanceIdTheDataDirectoryGivesAStableOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        org.monsoon.config.MonsoonConfig config =
                org.monsoon.config.MonsoonConfig.defaults().withDataDir(dir);
        String id =
                RuntimeOptions.withStableInstanceId(config).clientOverrides().get("main.consumer.group.instance.id");
        assertTrue(id.startsWith("monsoon-"), id);
        assertEquals(
                id,
                RuntimeOptions.withStableInstanceId(config).clientOverrides().get("main.consumer.group.instance.id"),
                "the same id at every start");
        assertEquals(
                "pod-1",
                RuntimeOptions.withStableInstanceId(
                                config.withClientOverrides(Map.of("main.consumer.group.instance.id", "pod-1")))
                        .clientOverrides()
                        .get("main.consumer.group.instance.id"),
                "an id chosen by the operator wins");
    }

    @Test
    void anInstanceIdMakesTheStreamsMainConsumerAStaticMemberAndNoOtherClient() {
        RuntimeOptions options = new RuntimeOptions();
        new picocli.CommandLine(options)
                .setDefaultValueProvider(ConfigDefaults.none())
                .parseArgs("--instance-id", "monsoon-1");
        org.monsoon.config.MonsoonConfig config = options.apply(org.monsoon.config.MonsoonConfig.defaults()
                .withClientOverrides(Map.of("security.protocol", "SASL_SSL")));
        assertEquals(
                Map.of("security.protocol", "SASL_SSL", "main.consumer.group.instance.id", "monsoon-1"),
                config.clientOverrides());
        assertFalse(config.clientConfig().containsKey("group.instance.id"), "plain consumers and admins stay dynamic");
    }

    @Test
    void everyDefaultComesFromMonsoonConfigAndTheEnvironmentOrFileStillWin() {
        RuntimeOptions options = new RuntimeOptions();
        new picocli.CommandLine(options)
                .setDefaultValueProvider(ConfigDefaults.none())
                .parseArgs();
        org.monsoon.config.MonsoonConfig defaults = org.monsoon.config.MonsoonConfig.defaults();
        assertEquals(defaults, options.apply(defaults), "the CLI's defaults are MonsoonConfig's");

        RuntimeOptions fromEnvironment = new RuntimeOptions();
        new picocli.CommandLine(fromEnvironment)
                .setDefaultValueProvider(
                        new ConfigDefaults(Map.of("MONSOON_WINDOW", "P3D"), new java.util.Properties()))
                .parseArgs();
        assertEquals(
                java.time.Duration.ofDays(3), fromEnvironment.apply(defaults).correlationWindow());
        assertTrue(run(Map.of(), "run", "--help").out().contains("default: P7D"), "help shows the real default");
    }

    @Test
    void clientCommandsWithNoBrokerSayWhatToStartInOneLine() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String kafka = "127.0.0.1:" + port;
        assertOneLineError(
                run(Map.of(), "produce", "--reporter", "SG", "--file", "/dev/null", "--bootstrap-servers", kafka),
                1,
                "cannot reach Kafka at " + kafka + " — is 'monsoon run --embedded' running?");
        assertOneLineError(
                run(Map.of(), "advisories", "--bootstrap-servers", kafka), 1, "cannot reach Kafka at " + kafka);
    }

    @Test
    void aMalformedInstanceIdIsAUsageError() {
        assertOneLineError(run(Map.of(), "run", "--instance-id", "pod 1"), 2, "--instance-id pod 1");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertOneLineError(run(Map.of(), "run", "--frobnicate"), 2, "--frobnicate");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertOneLineError(run(Map.of(), "explode"), 2, "explode");
    }

    @Test
    void missingCommandIsAUsageError() {
        assertOneLineError(run(Map.of()), 2, "a command is required");
    }

    @Test
    void badNumberIsAUsageError() {
        assertOneLineError(run(Map.of(), "run", "--partitions", "many"), 2, "many");
    }

    @Test
    void missingConfigFileIsNamed() {
        assertOneLineError(
                run(Map.of(), "run", "--config", "/nonexistent/monsoon.properties"),
                2,
                "/nonexistent/monsoon.properties");
    }

    @Test
    void produceNeedsAReporterThatIsAMember() {
        assertOneLineError(run(Map.of(), "produce"), 2, "--reporter");
        assertOneLineError(run(Map.of(), "produce", "--reporter", "FR", "--file", "x.jsonl"), 2, "not a member");
    }

    @Test
    void withdrawingNeedsAValidReportId() {
        assertOneLineError(
                run(Map.of(), "produce", "--reporter", "SG", "--withdraw", "not a valid id!"), 2, "--withdraw");
    }

    @Test
    void produceOfAMissingFileIsNamed() {
        assertOneLineError(
                run(
                        Map.of(),
                        "produce",
                        "--reporter",
                        "SG",
                        "--file",
                        "/nonexistent.jsonl",
                        "--bootstrap-servers",
                        "127.0.0.1:1"),
                2,
                "/nonexistent.jsonl");
    }

    @Test
    void badMembersAreRefused() {
        assertOneLineError(run(Map.of(), "advisories", "--members", "SG,usa"), 2, "usa");
    }

    @Test
    void environmentVariablesAreUsedAndFlagsWin() {
        Outcome fromEnv = run(Map.of("MONSOON_PARTITIONS", "none"), "run");
        assertOneLineError(fromEnv, 2, "none");
        Outcome flagWins = run(Map.of("MONSOON_PARTITIONS", "none"), "run", "--partitions", "0");
        assertOneLineError(flagWins, 2, "partitions must be at least 1");
    }

    @Test
    void configFileValuesAreUsed() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("monsoon", ".properties");
        java.nio.file.Files.writeString(file, "processing.guarantee=at_most_sometimes\n");
        assertOneLineError(run(Map.of(), "run", "--config", file.toString()), 2, "at_most_sometimes");
    }

    @Test
    void versionAndHelpWork() {
        Outcome version = run(Map.of(), "--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("monsoon "), version.out());
        // Built from a git checkout (as CI and every developer build), the version names the commit.
        assertTrue(version.out().matches("(?s)monsoon \\S+ \\(commit [0-9a-f]{7,}(-dirty)?, .*"), version.out());
        Outcome help = run(Map.of(), "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("produce")
                && help.out().contains("advisories")
                && help.out().contains("demo"));
    }
}
