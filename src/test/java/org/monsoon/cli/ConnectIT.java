package org.monsoon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.TopicProvisioner;
import org.monsoon.config.Topics;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TestDirs;
import org.monsoon.testing.TopicReader;

/**
 * {@code monsoon connect} against a MISP feed served over HTTP with an auth key, as MISP's own feeds
 * are: the first pull sends every event, the next sends nothing (bookmarks), a changed event is sent
 * again as a revision, a deleted one is withdrawn, and a wrong key is one line and exit 1.
 */
class ConnectIT {
    private static final String PREFIX = "connect-it.";
    private static final String KEY = "s3cret-misp-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMOTET = "6a1c2b3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d";
    private static final String VPN = "7b2d3c4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";

    @Test
    void aMispFeedIsPulledChangesBecomeRevisionsAndDeletionsWithdrawals() throws Exception {
        MonsoonConfig config = SharedPlatform.config("connect-it", 1);
        Topics topics = Topics.of(config);
        TopicProvisioner provisioner = new TopicProvisioner(config, topics);
        provisioner.createMissingTopics();
        provisioner.registerSchemas();
        Path feed = TestDirs.create("connect-it-feed");
        for (String file : List.of("manifest.json", EMOTET + ".json", VPN + ".json")) {
            Files.copy(Path.of("src/test/resources/misp/feed").resolve(file), feed.resolve(file));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/feed/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/feed/".length());
            Path file = feed.resolve(name);
            boolean allowed = KEY.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = !allowed ? new byte[0] : Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            exchange.sendResponseHeaders(
                    !allowed ? 401 : Files.exists(file) ? 200 : 404, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/feed/";
        try {
            String first = connect(url, KEY, 0);
            assertTrue(first.contains("2 new, 0 changed, 0 withdrawn, 0 unchanged, 0 failed"), first);
            assertEquals(List.of("misp-" + EMOTET, "misp-" + VPN), keys(config, topics));

            String second = connect(url, KEY, 0);
            assertTrue(second.contains("0 new, 0 changed, 0 withdrawn, 2 unchanged, 0 failed"), "bookmarks: " + second);
            assertEquals(2, keys(config, topics).size(), "nothing sent again");

            // The event changes in MISP: a new timestamp in the manifest, a new attribute in the event.
            ObjectNode manifest =
                    (ObjectNode) JSON.readTree(feed.resolve("manifest.json").toFile());
            ((ObjectNode) manifest.get(EMOTET)).put("timestamp", "1763539999");
            Files.writeString(feed.resolve("manifest.json"), manifest.toString());
            ObjectNode event =
                    (ObjectNode) JSON.readTree(feed.resolve(EMOTET + ".json").toFile());
            ((ObjectNode) event.get("Event")).put("timestamp", "1763539999");
            ((com.fasterxml.jackson.databind.node.ArrayNode) event.get("Event").get("Attribute"))
                    .addObject()
                    .put("type", "domain")
                    .put("category", "Network activity")
                    .put("to_ids", true)
                    .put("value", "emotet-new-c2.example");
            Files.writeString(feed.resolve(EMOTET + ".json"), event.toString());
            String third = connect(url, KEY, 0);
            assertTrue(third.contains("0 new, 1 changed, 0 withdrawn, 1 unchanged"), third);

            // The other event is deleted in MISP: gone from the manifest, so withdrawn.
            manifest.remove(VPN);
            Files.writeString(feed.resolve("manifest.json"), manifest.toString());
            String fourth = connect(url, KEY, 0);
            assertTrue(fourth.contains("0 new, 0 changed, 1 withdrawn, 1 unchanged"), fourth);

            List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(
                    config.bootstrapServers(),
                    topics.reports("MY").name(),
                    new StringDeserializer(),
                    new ByteArrayDeserializer());
            assertEquals(4, records.size(), "two events, one revision, one withdrawal");
            assertEquals("misp-" + EMOTET, records.get(2).key());
            assertEquals("misp-" + VPN, records.get(3).key());
            assertNull(records.get(3).value(), "a tombstone withdraws the deleted event's report");

            String refused = connect(url, "wrong-key", 1);
            assertTrue(refused.contains("answered HTTP 401"), refused);
        } finally {
            server.stop(0);
        }
    }

    private static List<String> keys(MonsoonConfig config, Topics topics) {
        List<String> keys = new ArrayList<>();
        TopicReader.readAll(
                        config.bootstrapServers(),
                        topics.reports("MY").name(),
                        new StringDeserializer(),
                        new ByteArrayDeserializer())
                .forEach(r -> keys.add(r.key()));
        keys.sort(null);
        return keys;
    }

    private static String connect(String url, String key, int exit) {
        StringWriter err = new StringWriter();
        int code = MonsoonCli.execute(
                CliRunArgs.of(PREFIX, "connect", "--reporter", "MY", "--misp-feed", url, "--once"),
                Map.of(ConnectCommand.AUTH_ENV, key),
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertEquals(exit, code, err.toString());
        return err.toString();
    }

    /** The shared platform's connection flags, as {@link org.monsoon.testing.CliRun} adds them. */
    private static final class CliRunArgs {
        static String[] of(String prefix, String... command) {
            return org.monsoon.testing.CliRun.args(prefix, command);
        }
    }
}
