package org.monsoon.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code monsoon run} in a child JVM, the way it is deployed: the shaded jar, its own heap and state
 * directory. A child process is what makes a hard kill ({@link #kill()}, SIGKILL) real: no shutdown
 * hook, no clean close of Streams, no final commit.
 */
public final class MonsoonProcess implements AutoCloseable {
    private static final Pattern HTTP_LINE = Pattern.compile("^HTTP:\\s+(http://\\S+)", Pattern.MULTILINE);

    private final Process process;
    private final Path log;
    private final long startedNanos;
    /** Where this start's output begins in a log that earlier starts of the same instance wrote to. */
    private final int logOffset;

    private MonsoonProcess(Process process, Path log, long startedNanos, int logOffset) {
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
        this.logOffset = logOffset;
    }

    /** Starts {@code java -jar monsoon.jar run ARGS}, output to {@code log}. */
    public static MonsoonProcess run(Path log, List<String> args) throws IOException {
        return run(log, args, java.util.Map.of());
    }

    /**
     * Starts {@code java -jar monsoon.jar run ARGS} with extra environment variables (secrets such as
     * {@code MONSOON_REGISTRY_CREDENTIALS} go there, as in a deployment, not on the command line).
     */
    public static MonsoonProcess run(Path log, List<String> args, java.util.Map<String, String> environment)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("run"));
        command.addAll(args);
        return start(log, command, environment);
    }

    /** Starts {@code java -jar monsoon.jar COMMAND...} (e.g. {@code demo}), output appended to {@code log}. */
    public static MonsoonProcess start(Path log, List<String> commandAndArgs) throws IOException {
        return start(log, commandAndArgs, java.util.Map.of());
    }

    private static MonsoonProcess start(
            Path log, List<String> commandAndArgs, java.util.Map<String, String> environment) throws IOException {
        String jar = System.getProperty("monsoon.jar", "target/monsoon.jar");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar));
        command.addAll(commandAndArgs);
        Files.createDirectories(log.getParent());
        int offset = Files.exists(log)
                ? Files.readString(log, StandardCharsets.UTF_8).length()
                : 0;
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new MonsoonProcess(process, log, started, offset);
    }

    /** The HTTP address the instance printed once started (it binds port 0 in tests). */
    public String httpUrl(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = HTTP_LINE.matcher(output());
            if (m.find() && process.isAlive()) {
                return m.group(1);
            }
            if (!process.isAlive()) {
                throw new AssertionError("monsoon exited with " + process.exitValue() + "; see " + log);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("monsoon printed no HTTP address within " + timeout + "; see " + log);
    }

    /**
     * Waits until {@code /health/ready} answers 200 and returns how long after this process was
     * started that was: the instance's time to recover.
     */
    public Duration awaitReady(Duration timeout) throws Exception {
        String url = httpUrl(timeout) + "/health/ready";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Http.get(url).status() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("monsoon was not ready within " + timeout + "; see " + log);
    }

    /** SIGKILL: the process gets no chance to commit, flush or leave the group. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** What this start has printed so far. */
    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8).substring(logOffset);
    }

    /**
     * SIGTERM, as Ctrl-C or a container stop sends, and waits for the clean shutdown; true when it came
     * within {@code timeout}, otherwise the process is killed.
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor();
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(60));
    }
}
