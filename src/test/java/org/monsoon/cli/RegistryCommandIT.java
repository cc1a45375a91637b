package org.monsoon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.monsoon.embedded.EmbeddedPlatform;
import org.monsoon.registry.RegistryCredentials;
import org.monsoon.testing.MonsoonProcess;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TestDirs;

/**
 * {@code monsoon registry} as the compose file runs it, in its own JVM on the shared broker: it creates
 * its write credential on first start, refuses anonymous writes and answers anonymous reads.
 */
class RegistryCommandIT {
    private static final Pattern URL_LINE = Pattern.compile("^Schema registry: (http://\\S+)", Pattern.MULTILINE);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesReadsOpenlyAndWritesOnlyWithTheCredential() throws Exception {
        EmbeddedPlatform platform = SharedPlatform.get();
        Path dir = TestDirs.create("registry-command");
        try (MonsoonProcess registry = MonsoonProcess.start(
                dir.resolve("registry.log"),
                List.of(
                        "registry",
                        "--bootstrap-servers",
                        platform.bootstrapServers(),
                        "--registry-port",
                        "0",
                        "--data-dir",
                        dir.resolve("data").toString()))) {
            String url = awaitUrl(registry);
            assertTrue(registry.output().contains("created now, owner-only"), registry.output());
            RegistryCredentials credentials =
                    RegistryCredentials.read(dir.resolve("data").resolve(RegistryCredentials.FILE_NAME));
            String schema = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Cmd\\\",\\\"fields\\\":[]}\"}";
            assertEquals(
                    401,
                    post(url + "/subjects/cmd-it-value/versions", schema, null).statusCode());
            String basic = "Basic "
                    + Base64.getEncoder().encodeToString(credentials.userInfo().getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> registered = post(url + "/subjects/cmd-it-value/versions", schema, basic);
            assertEquals(200, registered.statusCode(), registered.body());
            HttpResponse<String> read = http.send(
                    HttpRequest.newBuilder(URI.create(url + "/subjects/cmd-it-value/versions/latest"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, read.statusCode());
            assertTrue(read.body().contains("\"version\":1"), read.body());
        }
    }

    private HttpResponse<String> post(String url, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String awaitUrl(MonsoonProcess process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = URL_LINE.matcher(process.output());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the registry did not start: " + process.output());
    }
}
