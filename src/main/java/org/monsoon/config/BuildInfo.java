package org.monsoon.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Which build this is: the version from the jar's manifest and the commit it was built from (written
 * into {@code monsoon-build.properties} by the build; "-dirty" when the tree had uncommitted changes),
 * so that two jars that both say 0.1.0 can be told apart, on the command line and in what the
 * application records of itself.
 */
public final class BuildInfo {
    private BuildInfo() {}

    /** The version, or "development" when not run from a built jar. */
    public static String version() {
        String version = BuildInfo.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /** {@code commit abc1234, 2026-12-06T09:40:00Z}, or {@code commit unknown} outside a git checkout. */
    public static String commit() {
        Properties props = resource("/monsoon-build.properties");
        String commit = props.getProperty("git.commit.id.abbrev");
        if (commit == null || commit.isBlank()) {
            return "commit unknown";
        }
        boolean dirty = Boolean.parseBoolean(props.getProperty("git.dirty", "false"));
        String time = props.getProperty("git.commit.time", "");
        return "commit " + commit + (dirty ? "-dirty" : "") + (time.isBlank() ? "" : ", " + time);
    }

    /** {@code monsoon 0.1.0 (commit abc1234, …)}. */
    public static String describe() {
        return "monsoon " + version() + " (" + commit() + ")";
    }

    /** A properties file on the class path; empty when it is missing or unreadable. */
    public static Properties resource(String name) {
        Properties props = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(name)) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            props.clear();
        }
        return props;
    }
}
