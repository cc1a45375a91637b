package org.monsoon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two packages of {@code src/main/java} depend on each other, directly or through others: the
 * stages read as a flow and each can be understood (and changed) without its downstream. Dependencies
 * are read from the source: imports and fully qualified names of Monsoon classes.
 */
class PackageCyclesTest {
    private static final Path ROOT = Path.of("src/main/java/org/monsoon");
    private static final Pattern REFERENCE = Pattern.compile("org\\.monsoon\\.(?:([a-z]+)\\.)?[A-Z]");

    @Test
    void noPackageCycles() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        List<String> cycles = new ArrayList<>();
        for (String from : deps.keySet()) {
            for (String to : deps.get(from)) {
                if (from.compareTo(to) < 0 && reachable(deps, to).contains(from)) {
                    cycles.add(from + " <-> " + to);
                }
            }
        }
        assertEquals(List.of(), cycles, "package cycles; dependencies are " + deps);
    }

    /**
     * Kafka's internal classes (no compatibility promise between releases) are used in {@code state/}
     * only, where an upgrade of Kafka has one place to look. Two exceptions: the embedded broker's
     * {@code Exit} and the record headers' implementation the dead-letter records are built with.
     */
    @Test
    void kafkaInternalsStayInState() throws IOException {
        Pattern internals = Pattern.compile("import (org\\.apache\\.kafka\\.[\\w.]*\\.internals\\.\\w+);");
        Set<String> allowed = Set.of(
                "org.apache.kafka.common.utils.internals.Exit",
                "org.apache.kafka.common.header.internals.RecordHeaders");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (ROOT.relativize(file).startsWith("state")) {
                    continue;
                }
                Matcher m = internals.matcher(Files.readString(file));
                while (m.find()) {
                    if (!allowed.contains(m.group(1))) {
                        found.add(ROOT.relativize(file) + ": " + m.group(1));
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path dir = ROOT.relativize(file.getParent());
                String pkg =
                        dir.toString().isEmpty() ? "(root)" : dir.toString().replace('/', '.');
                Set<String> out = deps.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    String target = m.group(1) == null ? "(root)" : m.group(1);
                    if (!target.equals(pkg) && !target.equals("schema")) { // generated Avro classes depend on nothing
                        out.add(target);
                    }
                }
            }
        }
        return deps;
    }

    private static Set<String> reachable(Map<String, Set<String>> deps, String from) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(from));
        while (!todo.isEmpty()) {
            for (String next : deps.getOrDefault(todo.remove(todo.size() - 1), Set.of())) {
                if (seen.add(next)) {
                    todo.add(next);
                }
            }
        }
        return seen;
    }
}
