package org.monsoon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.monsoon.cli.MonsoonCli;

/** Runs {@code monsoon} in-process against the shared platform, as a CERT or analyst would call it. */
public final class CliRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a run printed and returned. */
    public record Outcome(int code, String out, String err) {
        /** Standard output read as JSON Lines. */
        public List<JsonNode> jsonLines() {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        lines.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new UncheckedIOException("not a JSON line: " + line, e);
                    }
                }
            }
            return lines;
        }
    }

    private CliRun() {}

    /** {@code command} with the shared platform's broker and registry and the topic prefix added. */
    public static String[] args(String topicPrefix, String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(
                "--bootstrap-servers",
                SharedPlatform.get().bootstrapServers(),
                "--schema-registry-url",
                SharedPlatform.get().schemaRegistryUrl(),
                "--topic-prefix",
                topicPrefix));
        return all.toArray(String[]::new);
    }

    /** Runs {@code command} against the shared platform with no environment. */
    public static Outcome run(String topicPrefix, String... command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MonsoonCli.execute(
                args(topicPrefix, command), Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }
}
