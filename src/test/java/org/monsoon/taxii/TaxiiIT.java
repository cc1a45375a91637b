package org.monsoon.taxii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.monsoon.MonsoonApplication;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Tlp;
import org.monsoon.testing.Await;
import org.monsoon.testing.ExternalTools;
import org.monsoon.testing.Processes;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TestDirs;

/**
 * Monsoon's TAXII 2.1 server read by the OASIS reference client ({@code src/test/python/taxii2-client},
 * a client nobody here wrote): discovery, the collections, every object through {@code as_pages}, the
 * manifest and an object's versions; then, after a report changes one advisory, a poll with
 * {@code added_after} returns only what changed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TaxiiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "taxii-it-token";
    private static final String MD5 = "44d88612fea8a8f36de82e1278abb02f";
    private static final Instant OBSERVED = Instant.now().minus(Duration.ofHours(2));
    private static MonsoonConfig config;
    private static MonsoonApplication app;
    private static KafkaProducer<String, IncidentReport> producer;
    private static Topics topics;
    private static JsonNode firstPoll;

    @BeforeAll
    static void start() throws Exception {
        for (String[] module :
                new String[][] {{"requests", "python3-requests"}, {"six", "python3-six"}, {"pytz", "python3-tz"}}) {
            ExternalTools.requirePythonModule(module[0], module[1]);
        }
        config = SharedPlatform.config("taxii-it", 2).withHttp("127.0.0.1", 0).withApiToken(TOKEN);
        app = MonsoonApplication.start(config.withDataDir(TestDirs.create("taxii-it")), true);
        topics = Topics.of(config);
        producer = new KafkaProducer<>(
                config.clientConfig(),
                topics.reports("SG").keySerde().serializer(),
                topics.reports("SG").valueSerde().serializer());
        send("SG", "sg-1", IndicatorType.DOMAIN, "taxii-one.example", IndicatorType.MD5, MD5);
        send("MY", "my-1", IndicatorType.DOMAIN, "taxii-one.example", IndicatorType.MD5, MD5);
        send("TH", "th-1", IndicatorType.IPV4, "91.92.241.17", IndicatorType.DOMAIN, "taxii-two.example");
        send("VN", "vn-1", IndicatorType.IPV4, "91.92.241.17", IndicatorType.DOMAIN, "taxii-two.example");
        awaitSettled(2);
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private static void send(String member, String id, IndicatorType t1, String v1, IndicatorType t2, String v2) {
        IncidentReport report = aReport()
                .from(member)
                .withId(id)
                .observedAt(OBSERVED)
                .withTlp(Tlp.GREEN)
                .withIndicator(t1, v1)
                .withIndicator(t2, v2)
                .build();
        producer.send(new ProducerRecord<>(topics.reports(member).name(), id, report));
        producer.flush();
    }

    /** Until the advisories collection holds {@code reports} reports and stops changing. */
    private static void awaitSettled(int reports) {
        AtomicReference<String> previous = new AtomicReference<>("");
        Await.until(
                () -> {
                    String now = get("/taxii2/monsoon/collections/advisories/manifest/?match[version]=all")
                            .body();
                    boolean stable = now.equals(previous.getAndSet(now));
                    return stable && count(now, "\"report--") == reports ? now : null;
                },
                s -> s != null,
                Duration.ofSeconds(120),
                reports + " advisories in the TAXII collection, settled");
    }

    private static int count(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }

    private static HttpResponse<String> get(String path) {
        return get(path, "Bearer " + TOKEN, "application/taxii+json;version=2.1");
    }

    private static HttpResponse<String> get(String path, String authorization, String accept) {
        try {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(app.httpUrl() + path)).header("Accept", accept);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode poll(int perPage, Map<String, String> addedAfter) throws Exception {
        Path python = Path.of("src/test/python").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                "/usr/bin/python3",
                python.resolve("taxii_poll.py").toString(),
                app.httpUrl() + "/taxii2/",
                TOKEN,
                Integer.toString(perPage)));
        if (addedAfter != null) {
            command.add(JSON.writeValueAsString(addedAfter));
        }
        Processes.Result result = Processes.run(
                List.of(
                        "/usr/bin/env",
                        "PYTHONPATH=" + python.resolve("taxii2-client"),
                        "/bin/sh",
                        "-c",
                        shell(command)),
                new byte[0],
                120);
        assertEquals(0, result.exitCode(), "taxii_poll.py failed: " + result.stderr());
        return JSON.readTree(result.stdout());
    }

    private static String shell(List<String> command) {
        StringBuilder s = new StringBuilder("exec");
        command.forEach(arg -> s.append(" '").append(arg.replace("'", "'\\''")).append('\''));
        return s.toString();
    }

    private static Set<String> names(JsonNode objects) {
        Set<String> names = new HashSet<>();
        objects.forEach(
                o -> names.add(o.get("type").asText() + ":" + o.path("name").asText()));
        return names;
    }

    @Test
    @Order(1)
    void theReferenceClientDiscoversAndPagesThroughEveryCollection() throws Exception {
        firstPoll = poll(2, null);
        assertEquals("Monsoon TAXII 2.1 server", firstPoll.get("title").asText());
        assertTrue(firstPoll.get("api_roots").get(0).asText().endsWith("/taxii2/monsoon/"), firstPoll.toString());
        List<String> aliases = new ArrayList<>();
        firstPoll.get("collections").forEach(c -> {
            aliases.add(c.get("alias").asText());
            assertTrue(c.get("can_read").asBoolean());
            assertFalse(c.get("can_write").asBoolean());
        });
        assertEquals(List.of("advisories", "indicators"), aliases);

        JsonNode advisories = firstPoll.get("objects").get("advisories");
        Set<String> ids = new HashSet<>();
        advisories.forEach(o -> assertTrue(ids.add(o.get("id").asText()), "one version per object: " + o));
        assertTrue(
                names(advisories)
                        .containsAll(Set.of(
                                "indicator:taxii-one.example",
                                "indicator:" + MD5,
                                "indicator:91.92.241.17",
                                "indicator:taxii-two.example")),
                names(advisories).toString());
        assertEquals(
                2,
                advisories.findValues("type").stream()
                        .filter(t -> t.asText().equals("report"))
                        .count());
        assertTrue(firstPoll.get("pages").get("advisories").asInt() >= 4, "pages of 2: " + firstPoll.get("pages"));
        assertEquals(
                advisories.size(), firstPoll.get("manifest").get("advisories").asInt());
        assertTrue(names(firstPoll.get("objects").get("indicators"))
                .containsAll(Set.of(
                        "indicator:taxii-one.example",
                        "indicator:" + MD5,
                        "indicator:91.92.241.17",
                        "indicator:taxii-two.example")));
        assertFalse(firstPoll.get("versions_of_first").get("advisories").isEmpty());
    }

    @Test
    @Order(2)
    void aPollWithAddedAfterReturnsOnlyWhatChanged() throws Exception {
        if (firstPoll == null) {
            firstPoll = poll(50, null);
        }
        Map<String, String> after = Map.of(
                "advisories",
                firstPoll.get("last_added").get("advisories").asText(),
                "indicators",
                firstPoll.get("last_added").get("indicators").asText());
        // A third member reports the first campaign's domain: that indicator and its report change.
        IncidentReport report = aReport()
                .from("PH")
                .withId("ph-1")
                .observedAt(OBSERVED)
                .withTlp(Tlp.GREEN)
                .withIndicator(IndicatorType.DOMAIN, "taxii-one.example")
                .build();
        producer.send(new ProducerRecord<>(topics.reports("PH").name(), "ph-1", report));
        producer.flush();
        JsonNode changed = Await.until(
                () -> {
                    try {
                        return poll(50, after);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                },
                p -> p.get("objects").get("indicators").size() > 0,
                Duration.ofSeconds(60),
                "the change to reach TAXII");
        assertEquals(
                Set.of("indicator:taxii-one.example"),
                names(changed.get("objects").get("indicators")));
        Set<String> advisoryChanges = names(changed.get("objects").get("advisories"));
        assertTrue(advisoryChanges.contains("indicator:taxii-one.example"), advisoryChanges.toString());
        assertFalse(advisoryChanges.contains("indicator:" + MD5), advisoryChanges.toString());
        assertFalse(advisoryChanges.contains("indicator:taxii-two.example"), advisoryChanges.toString());
        assertTrue(
                changed.get("objects").get("advisories").findValues("type").stream()
                        .allMatch(t -> Set.of("indicator", "report").contains(t.asText())),
                advisoryChanges.toString());
    }

    @Test
    @Order(3)
    void withoutTheTokenOrWithAnotherMediaTypeTheServerAnswersWithATaxiiError() throws Exception {
        HttpResponse<String> anonymous = get("/taxii2/", null, "application/taxii+json;version=2.1");
        assertEquals(401, anonymous.statusCode());
        assertEquals(
                "application/taxii+json;version=2.1",
                anonymous.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""));
        assertEquals("401", JSON.readTree(anonymous.body()).get("http_status").asText());
        assertEquals(
                406,
                get("/taxii2/", "Bearer " + TOKEN, "application/taxii+json;version=2.0")
                        .statusCode());
        assertEquals(404, get("/taxii2/monsoon/collections/nope/objects/").statusCode());
        assertEquals(
                400,
                get("/taxii2/monsoon/collections/advisories/objects/?limit=0").statusCode());
        HttpResponse<String> page = get("/taxii2/monsoon/collections/indicators/objects/?limit=1");
        assertTrue(page.headers().firstValue("X-TAXII-Date-Added-First").isPresent());
        assertTrue(JSON.readTree(page.body()).get("more").asBoolean());
    }

    /**
     * {@code monsoon connect --taxii} pulls a collection of this server as one member, into topics of
     * their own (nothing consumes them here): every indicator version becomes a report under its STIX
     * id, and a second pull, from the bookmark, sends nothing again.
     */
    @Test
    @Order(4)
    void connectPullsACollectionAndResumesFromItsBookmark() throws Exception {
        String prefix = "taxii-pull-it.";
        org.monsoon.config.MonsoonConfig pullConfig = SharedPlatform.config("taxii-pull-it", 1);
        org.monsoon.config.Topics topics = org.monsoon.config.Topics.of(pullConfig);
        org.monsoon.config.TopicProvisioner provisioner = new org.monsoon.config.TopicProvisioner(pullConfig, topics);
        provisioner.createMissingTopics();
        provisioner.registerSchemas();
        String root = app.httpUrl() + "/taxii2/monsoon/";
        String first = pull(prefix, root, 0);
        java.util.regex.Matcher sent = java.util.regex.Pattern.compile("(\\d+) object version\\(s\\) sent, 0 withdrawn")
                .matcher(first);
        assertTrue(sent.find(), first);
        int versions = Integer.parseInt(sent.group(1));
        assertTrue(versions > 0, first);
        var records = org.monsoon.testing.TopicReader.readAll(
                pullConfig.bootstrapServers(),
                topics.reports("BN").name(),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        assertEquals(versions, records.size(), first);
        assertTrue(records.stream().allMatch(r -> r.key().startsWith("indicator--")), "keyed by STIX id");
        String second = pull(prefix, root, 0);
        assertTrue(second.contains(": 0 object version(s) sent"), "resumed from the bookmark: " + second);
    }

    private static String pull(String prefix, String root, int exit) {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = org.monsoon.cli.MonsoonCli.execute(
                org.monsoon.testing.CliRun.args(
                        prefix, "connect", "--reporter", "BN", "--taxii", root, "--collection", "indicators", "--once"),
                java.util.Map.of("MONSOON_TAXII_AUTH", "Bearer " + TOKEN),
                new java.io.PrintWriter(new java.io.StringWriter(), true),
                new java.io.PrintWriter(err, true));
        assertEquals(exit, code, err.toString());
        return err.toString();
    }
}
