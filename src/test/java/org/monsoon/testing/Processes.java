package org.monsoon.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external program (kcat, python3, the Monsoon jar) with a time limit and collects its output. */
public final class Processes {

    /** What a finished process printed. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private Processes() {}

    public static Result run(List<String> command, byte[] stdin, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        java.io.File err = java.io.File.createTempFile("proc", ".err");
        builder.redirectError(err);
        Process process = builder.start();
        if (stdin != null) {
            process.getOutputStream().write(stdin);
        }
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
        }
        String stderr = java.nio.file.Files.readString(err.toPath());
        err.delete();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), stderr);
    }
}
