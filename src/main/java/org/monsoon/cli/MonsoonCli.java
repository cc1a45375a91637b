package org.monsoon.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.monsoon.config.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code monsoon}: the one entry point. It only wires: each subcommand builds its configuration and
 * hands it to the component that does the work. Usage errors exit 2 with one line; failures exit 1
 * with one line; nothing prints a stack trace (set {@code MONSOON_DEBUG=1} to see one).
 */
@Command(
        name = "monsoon",
        mixinStandardHelpOptions = true,
        versionProvider = MonsoonCli.Version.class,
        description = "Regional threat-advisory pipeline on Kafka Streams.",
        subcommands = {
            RunCommand.class,
            DemoCommand.class,
            ProduceCommand.class,
            AdvisoriesCommand.class,
            TailCommand.class,
            ConnectCommand.class,
            WarninglistCommand.class,
            BenchCommand.class,
            AclCommand.class,
            RegistryCommand.class,
            DlqCommand.class,
            CommandLine.HelpCommand.class
        })
public final class MonsoonCli implements Runnable {
    private final ConfigDefaults defaults;

    @CommandLine.Option(
            names = "--verbose",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Show the Kafka clients' warnings too (also MONSOON_DEBUG=1)")
    boolean verbose;

    MonsoonCli(ConfigDefaults defaults) {
        this.defaults = defaults;
    }

    ConfigDefaults defaults() {
        return defaults;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                new CommandLine(this), "a command is required (run, demo, produce, advisories)");
    }

    public static void main(String[] args) {
        System.exit(
                execute(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI and returns its exit code; used by {@link #main} and by tests. */
    public static int execute(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        boolean debug = environment.containsKey("MONSOON_DEBUG");
        ConfigDefaults defaults;
        try {
            defaults = ConfigDefaults.load(args, environment);
        } catch (CliException e) {
            err.println("monsoon: " + e.getMessage());
            return e.exitCode();
        }
        CommandLine commandLine = new CommandLine(new MonsoonCli(defaults))
                .setDefaultValueProvider(defaults)
                .setCaseInsensitiveEnumValuesAllowed(true) // --match hostname and --match HOSTNAME alike
                .setOut(out)
                .setErr(err)
                .setExecutionStrategy(parsed -> {
                    ClientLogging.configure(parsed, debug);
                    return new CommandLine.RunLast().execute(parsed);
                })
                .setParameterExceptionHandler((e, a) -> {
                    err.println("monsoon: " + e.getMessage() + " (see 'monsoon --help')");
                    return 2;
                })
                .setExecutionExceptionHandler((e, cl, parsed) -> {
                    if (debug) {
                        e.printStackTrace(err);
                    }
                    err.println("monsoon: " + describe(e));
                    return e instanceof CliException c ? c.exitCode() : 1;
                });
        return commandLine.execute(args);
    }

    private static String describe(Throwable e) {
        if (e instanceof CliException) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return root == e || message.contains(String.valueOf(root.getMessage()))
                ? message
                : message + " (" + root.getMessage() + ")";
    }

    /** The build ({@link BuildInfo}) and the Kafka clients it carries. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "monsoon " + BuildInfo.version() + " (" + BuildInfo.commit() + "; Kafka clients " + kafkaVersion() + ")"
            };
        }

        private static String kafkaVersion() {
            return BuildInfo.resource("/kafka/kafka-version.properties").getProperty("version", "unknown");
        }
    }
}
