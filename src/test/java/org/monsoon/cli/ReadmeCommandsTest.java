package org.monsoon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every command the README lists exists and parses as the README writes it. */
class ReadmeCommandsTest {

    private static int run(StringWriter out, String... args) {
        return MonsoonCli.execute(args, Map.of(), new PrintWriter(out, true), new PrintWriter(out, true));
    }

    /** The {@code monsoon ...} lines of the README's command list. */
    private static List<String> readmeCommands() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("## Commands");
        String block = readme.substring(
                readme.indexOf("```", start) + 3, readme.indexOf("```", readme.indexOf("```", start) + 3));
        List<String> lines = new ArrayList<>();
        for (String line : block.split("\n")) {
            if (line.startsWith("monsoon ")) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    @Test
    void everyListedCommandHasHelp() throws Exception {
        Set<String> commands = new LinkedHashSet<>();
        for (String line : readmeCommands()) {
            String word = line.split("\\s+")[1];
            if (!word.startsWith("-")) {
                commands.add(word);
            }
        }
        assertTrue(
                commands.containsAll(List.of(
                        "run", "demo", "produce", "advisories", "warninglist", "dlq", "registry", "acl", "bench")),
                "the README lists every command: " + commands);
        for (String command : commands) {
            StringWriter out = new StringWriter();
            assertEquals(0, run(out, command, "--help"), command + ": " + out);
            assertTrue(out.toString().contains("Usage: monsoon " + command), out.toString());
        }
        for (String sub : new String[] {"list", "show", "replay"}) {
            StringWriter out = new StringWriter();
            assertEquals(0, run(out, "dlq", sub, "--help"), out.toString());
        }
    }

    @Test
    void enumOptionsTakeTheReadmesLowerCase() {
        for (String match : new String[] {"string", "hostname", "cidr", "substring", "regex"}) {
            StringWriter out = new StringWriter();
            assertEquals(0, run(out, "warninglist", "add", "example.org", "--match", match, "--help"), out.toString());
            assertFalse(out.toString().contains("Invalid value"), out.toString());
        }
    }

    @Test
    void theContractTheReadmeCitesIsInTheRepository() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("`docs/design.md`"));
        assertTrue(Files.exists(Path.of("docs/design.md")));
        assertFalse(readme.contains("../shared/"), "nothing points outside the repository");
    }
}
