package org.monsoon.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.schema.WarninglistEntry;
import org.monsoon.schema.WarninglistMatch;
import org.monsoon.warninglist.MispWarninglist;
import org.monsoon.warninglist.WarninglistAdmin;
import org.monsoon.warninglist.WarninglistEntries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code monsoon warninglist add|remove|list|import}: manage known-benign values. */
@Command(
        name = "warninglist",
        mixinStandardHelpOptions = true,
        description = "Manage the warninglist of known-benign values (never correlated).",
        subcommands = {
            WarninglistCommand.Add.class,
            WarninglistCommand.Remove.class,
            WarninglistCommand.ListEntries.class,
            WarninglistCommand.Import.class
        })
final class WarninglistCommand implements Runnable {
    @ParentCommand
    MonsoonCli parent;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "a subcommand is required (add, remove, list, import)");
    }

    /** Shared by the subcommands: connection options and the admin client. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        WarninglistCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        WarninglistAdmin admin() {
            MonsoonConfig config = connection.toConfig(parent.parent.defaults());
            return new WarninglistAdmin(config, Topics.of(config));
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        static WarninglistEntry entry(WarninglistMatch match, String value, String list, String description) {
            try {
                WarninglistEntries.canonicalValue(match, value);
            } catch (IllegalArgumentException e) {
                throw new CliException("'" + value + "' is not a valid "
                        + match.name().toLowerCase(Locale.ROOT) + " entry: " + e.getMessage());
            }
            return WarninglistEntries.entry(match, value, list, description, Instant.now())
                    .orElseThrow(() -> new CliException(
                            "'" + value + "' is not a valid " + match.name().toLowerCase(Locale.ROOT) + " entry"));
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a value.")
    static final class Add extends Sub {
        @Parameters(paramLabel = "VALUE", description = "Domain, IP, CIDR, hash, substring or regex")
        String value;

        @Option(
                names = "--match",
                defaultValue = "STRING",
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        WarninglistMatch match;

        @Option(names = "--list", defaultValue = "local", description = "List name (default: ${DEFAULT-VALUE})")
        String list;

        @Option(names = "--description", description = "Why the value is benign")
        String description;

        @Override
        public Integer call() {
            WarninglistEntry entry = entry(match, value, list, description);
            try (WarninglistAdmin admin = admin()) {
                admin.put(List.of(entry));
            }
            out().println("added " + entry.getMatch() + " " + entry.getValue());
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a value.")
    static final class Remove extends Sub {
        @Parameters(paramLabel = "VALUE")
        String value;

        @Option(
                names = "--match",
                defaultValue = "STRING",
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        WarninglistMatch match;

        @Override
        public Integer call() {
            WarninglistEntry entry = entry(match, value, "local", null);
            try (WarninglistAdmin admin = admin()) {
                admin.remove(WarninglistEntries.key(entry));
            }
            out().println("removed " + entry.getMatch() + " " + entry.getValue());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print the entries: match, value, list.")
    static final class ListEntries extends Sub {
        @Option(names = "--list", description = "Only entries of this list")
        String list;

        @Override
        public Integer call() {
            try (WarninglistAdmin admin = admin()) {
                Map<String, WarninglistEntry> entries = admin.list();
                entries.values().stream()
                        .filter(e -> list == null || list.equals(e.getList()))
                        .forEach(e -> out().println(e.getMatch() + "\t" + e.getValue() + "\t" + e.getList()));
            }
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Import a MISP warninglist file.")
    static final class Import extends Sub {
        @Parameters(paramLabel = "FILE", description = "A MISP warninglist (list.json)")
        Path file;

        @Override
        public Integer call() {
            MispWarninglist.Parsed parsed;
            try (InputStream in = Files.newInputStream(file)) {
                parsed = MispWarninglist.read(in, Instant.now());
            } catch (NoSuchFileException e) {
                throw new CliException(file + ": no such file");
            } catch (IOException e) {
                throw new CliException(file + ": " + e.getMessage());
            }
            try (WarninglistAdmin admin = admin()) {
                admin.put(parsed.entries());
            }
            out().printf(
                            "imported %d entries from '%s' (%d skipped: no canonical form)%n",
                            parsed.entries().size(), parsed.name(), parsed.skipped());
            return 0;
        }
    }
}
