package org.monsoon.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Interop tests use programs nobody here wrote (kcat, Debian's python3-confluent-kafka). On a laptop
 * with only a JDK and Maven they are skipped with a note; under CI ({@code CI=true}, where
 * {@code .ci/run} installs them) a missing tool fails the build instead of hiding the test.
 */
public final class ExternalTools {
    private ExternalTools() {}

    public static void require(String executable, String debianPackage) {
        boolean present = Files.isExecutable(Path.of(executable)) || onPath(executable);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(executable + " is missing on CI: install " + debianPackage);
        }
        Assumptions.assumeTrue(present, executable + " not installed (apt-get install " + debianPackage + ")");
    }

    /** Whether Debian's python3 has the confluent_kafka module. */
    public static void requirePythonModule(String module, String debianPackage) {
        require("/usr/bin/python3", "python3");
        boolean present;
        try {
            present = new ProcessBuilder("/usr/bin/python3", "-c", "import " + module)
                            .start()
                            .waitFor()
                    == 0;
        } catch (Exception e) {
            present = false;
        }
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("python module " + module + " is missing on CI: install " + debianPackage);
        }
        Assumptions.assumeTrue(
                present, "python module " + module + " not installed (apt-get install " + debianPackage + ")");
    }

    private static boolean onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, executable))) {
                return true;
            }
        }
        return false;
    }
}
