package org.monsoon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.monsoon.MonsoonApplication;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.embedded.EmbeddedPlatform;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Tlp;
import org.monsoon.testing.HeadlessChromium;
import org.monsoon.testing.Http;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TestDirs;

/**
 * Two Monsoon instances of one application id on the real broker: any instance answers any query
 * (interactive queries routed by key, listings gathered from both), and the dashboard in a real
 * headless Chromium shows the advisories and picks up a new one without a reload.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class AnalystApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "api-it.";
    private static MonsoonConfig config;
    private static MonsoonApplication a;
    private static MonsoonApplication b;
    private static Topics topics;
    private static KafkaProducer<String, IncidentReport> producer;
    private static final Instant OBSERVED = Instant.now().minus(Duration.ofHours(3));

    @BeforeAll
    static void startTwoInstances() throws Exception {
        EmbeddedPlatform platform = SharedPlatform.get();
        config = MonsoonConfig.defaults()
                .withBootstrapServers(platform.bootstrapServers())
                .withSchemaRegistryUrl(platform.schemaRegistryUrl())
                .withRegistryCredentials(platform.registryUserInfo())
                .withTopicPrefix(PREFIX)
                .withApplicationId("api-it")
                .withTopicLayout(4, (short) 1)
                .withHttp("127.0.0.1", 0);
        a = MonsoonApplication.start(config.withDataDir(TestDirs.create("api-a")), true);
        b = MonsoonApplication.start(config.withDataDir(TestDirs.create("api-b")), true);
        topics = Topics.of(config);
        producer = new KafkaProducer<>(
                config.clientConfig(),
                topics.reports("SG").keySerde().serializer(),
                topics.reports("SG").valueSerde().serializer());
        String[][] campaigns = {
            {"SG", "MY", "DOMAIN", "api-one.example"},
            {"TH", "VN", "IPV4", "91.92.240.17"},
            {"ID", "PH", "SHA256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
            {"KH", "LA", "URL", "http://api-four.example/x"}
        };
        for (String[] c : campaigns) {
            for (int i = 0; i < 2; i++) {
                send(aReport()
                        .from(c[i])
                        .withId(c[i] + "-" + c[3].hashCode())
                        .observedAt(OBSERVED)
                        .withTlp(i == 0 ? Tlp.GREEN : Tlp.CLEAR)
                        .withIndicator(IndicatorType.valueOf(c[2]), c[3])
                        .build());
            }
        }
        send(aReport()
                .from("BN")
                .withId("bn-red")
                .withTlp(Tlp.RED)
                .observedAt(OBSERVED)
                .withIndicator(IndicatorType.DOMAIN, "api-one.example")
                .withIndicator(IndicatorType.DOMAIN, "red-only.example")
                .build());
        awaitTotal(4, Duration.ofSeconds(120));
        awaitSettled(Duration.ofSeconds(60));
    }

    /**
     * Until both instances give the same listing twice, a second apart: an advisory can still gain a
     * version after it first appears (a URL's host correlates in its own event).
     */
    private static void awaitSettled(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode previous = null;
        while (System.nanoTime() < deadline) {
            JsonNode listA = get(a, "/api/advisories");
            JsonNode listB = get(b, "/api/advisories");
            if (listA.equals(listB) && listA.equals(previous)) {
                return;
            }
            previous = listA.equals(listB) ? listA : null;
            Thread.sleep(1000);
        }
        throw new AssertionError("the advisories did not settle: " + get(a, "/api/advisories"));
    }

    @AfterAll
    static void stop() {
        producer.close();
        b.close();
        a.close();
    }

    private static void send(IncidentReport report) {
        producer.send(new ProducerRecord<>(topics.reports(report.getReporter()).name(), report.getReportId(), report));
        producer.flush();
    }

    /** GET that waits out a rebalance (503) but no other error. */
    private static JsonNode get(MonsoonApplication app, String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Http.Response response = Http.get(app.httpUrl() + path);
        while (response.status() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            response = Http.get(app.httpUrl() + path);
        }
        assertEquals(200, response.status(), path + " -> " + response.body());
        return JSON.readTree(response.body());
    }

    private static void awaitTotal(int total, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Http.Response ra = Http.get(a.httpUrl() + "/api/advisories");
            Http.Response rb = Http.get(b.httpUrl() + "/api/advisories");
            if (ra.status() == 200
                    && rb.status() == 200
                    && JSON.readTree(ra.body()).get("total").asInt() >= total
                    && JSON.readTree(rb.body()).get("total").asInt() >= total) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("advisories did not reach " + total + ": "
                + Http.get(a.httpUrl() + "/api/advisories").body());
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void everyAdvisoryIsRetrievableFromBothInstances() throws Exception {
        JsonNode listA = get(a, "/api/advisories");
        JsonNode listB = get(b, "/api/advisories");
        assertEquals(listA, listB, "the same listing from either instance");
        assertEquals(4, listA.get("total").asInt());
        List<String> updated = new ArrayList<>();
        for (JsonNode advisory : listA.get("advisories")) {
            String id = advisory.get("advisory_id").asText();
            assertEquals(advisory, get(a, "/api/advisories/" + id));
            assertEquals(advisory, get(b, "/api/advisories/" + id));
            assertEquals(get(a, "/api/advisories/" + id + "/stix"), get(b, "/api/advisories/" + id + "/stix"));
            updated.add(advisory.get("updated_at").asText());
        }
        List<String> newestFirst = new ArrayList<>(updated);
        newestFirst.sort(java.util.Comparator.reverseOrder());
        assertEquals(newestFirst, updated);
        assertFalse(listA.toString().contains("BN"), "nothing of the RED report");
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void filtersAndPaging() throws Exception {
        assertEquals(1, get(a, "/api/advisories?member=sg").get("total").asInt());
        assertEquals(4, get(b, "/api/advisories?status=ACTIVE").get("total").asInt());
        assertEquals(0, get(a, "/api/advisories?status=MERGED").get("total").asInt());
        JsonNode page = get(b, "/api/advisories?limit=3&offset=2");
        assertEquals(2, page.get("advisories").size());
        assertEquals(4, page.get("total").asInt());
        assertEquals(
                0,
                get(a, "/api/advisories?since=2999-01-01T00:00:00Z")
                        .get("total")
                        .asInt());
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void indicatorLookupsCanonicaliseAndNeverRevealRestrictedReports() throws Exception {
        for (MonsoonApplication app : List.of(a, b)) {
            JsonNode domain = get(app, "/api/indicators/domain/API-ONE%5B.%5Dexample");
            assertEquals("api-one.example", domain.get("value").asText());
            assertTrue(domain.get("correlated").asBoolean());
            List<String> members = new ArrayList<>();
            domain.get("members").forEach(m -> members.add(m.get("member").asText()));
            assertEquals(List.of("MY", "SG"), members, "BN's RED report is not revealed");
            JsonNode redOnly = get(app, "/api/indicators/DOMAIN/red-only.example");
            assertEquals(0, redOnly.get("members").size());
            assertFalse(redOnly.get("correlated").asBoolean());
            JsonNode google = get(app, "/api/indicators/IPV4/8.8.8.8");
            assertTrue(google.get("warninglisted").asBoolean());
        }
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void badRequestsAndUnknownIds() throws Exception {
        for (MonsoonApplication app : List.of(a, b)) {
            assertEquals(
                    404,
                    Http.get(app.httpUrl() + "/api/advisories/no-such-advisory").status());
            assertEquals(
                    404,
                    Http.get(app.httpUrl() + "/api/advisories/no-such-advisory/stix")
                            .status());
            Http.Response badType = Http.get(app.httpUrl() + "/api/indicators/colour/blue");
            assertEquals(400, badType.status());
            assertTrue(badType.body().contains("type"), badType.body());
            Http.Response badValue = Http.get(app.httpUrl() + "/api/indicators/IPV4/999.1.1.1");
            assertEquals(400, badValue.status());
            assertTrue(badValue.body().contains("999.1.1.1"), badValue.body());
            assertEquals(
                    400,
                    Http.get(app.httpUrl() + "/api/advisories?severity=HUGE").status());
            assertEquals(
                    400,
                    Http.get(app.httpUrl() + "/api/advisories?limit=100000").status());
            assertEquals(
                    400,
                    Http.get(app.httpUrl() + "/api/advisories?since=yesterday").status());
            assertEquals(404, Http.get(app.httpUrl() + "/api/nothing").status());
            Http.Response missing = Http.get(app.httpUrl() + "/api/advisories/00000000");
            assertEquals(404, missing.status());
            assertTrue(missing.body().contains("no such advisory"), missing.body());
        }
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void anAdvisoryIsFoundOnEveryInstanceByTheShortIdTheCliPrints() throws Exception {
        for (JsonNode listed : get(a, "/api/advisories").get("advisories")) {
            String id = listed.get("advisory_id").asText();
            for (MonsoonApplication app : List.of(a, b)) {
                assertEquals(
                        id,
                        get(app, "/api/advisories/" + id.substring(0, 8))
                                .get("advisory_id")
                                .asText());
                assertEquals(
                        id,
                        get(app, "/api/advisories/" + id.substring(0, 8) + "/history")
                                .get("advisory_id")
                                .asText());
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Order(100)
    void aJoiningInstanceAnswers503UntilItsStoresAreQueryable() throws Exception {
        // Four advisories, or five when the dashboard test (which needs Chromium) added one.
        int total = get(a, "/api/advisories").get("total").asInt();
        try (MonsoonApplication c = MonsoonApplication.start(config.withDataDir(TestDirs.create("api-c")), true)) {
            KafkaStreams.State before = c.state();
            Http.Response early = Http.get(c.httpUrl() + "/api/advisories");
            if (before != KafkaStreams.State.RUNNING && c.state() != KafkaStreams.State.RUNNING) {
                assertEquals(503, early.status(), early.body());
                assertTrue(early.body().contains("not queryable"), early.body());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (c.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(300);
            }
            assertEquals(
                    total, get(c, "/api/advisories").get("total").asInt(), "the joiner answers what the others do");
        }
        awaitTotal(total, Duration.ofSeconds(90));
    }

    @Test
    @org.junit.jupiter.api.Order(50)
    void theDashboardShowsTheAdvisoriesAndANewOneWithoutAReload() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.open(a.httpUrl() + "/")) {
            assertTrue(
                    browser.waitFor(
                            "document.querySelectorAll('article.advisory').length === 4", Duration.ofSeconds(30)),
                    "four advisories listed: " + browser.evaluate("document.body.innerText"));
            JsonNode ids = browser.evaluate(
                    "[...document.querySelectorAll('article.advisory')].map(e => e.dataset.id).sort()");
            List<String> fromApi = new ArrayList<>();
            get(a, "/api/advisories")
                    .get("advisories")
                    .forEach(x -> fromApi.add(x.get("advisory_id").asText()));
            fromApi.sort(null);
            assertEquals(JSON.valueToTree(fromApi), ids);
            assertTrue(browser.evaluate("document.body.innerText").asText().contains("TLP:GREEN"), "TLP label shown");
            browser.evaluate("window.__sameDocument = true");

            send(aReport()
                    .from("TL")
                    .withId("tl-new")
                    .observedAt(OBSERVED)
                    .withIndicator(IndicatorType.DOMAIN, "api-five.example")
                    .build());
            send(aReport()
                    .from("MM")
                    .withId("mm-new")
                    .observedAt(OBSERVED)
                    .withIndicator(IndicatorType.DOMAIN, "api-five.example")
                    .build());
            assertTrue(
                    browser.waitFor(
                            "document.querySelectorAll('article.advisory').length === 5", Duration.ofSeconds(60)),
                    "the fifth advisory appeared");
            assertTrue(browser.evaluate("window.__sameDocument === true").asBoolean(), "no reload happened");
            assertTrue(browser.evaluate("document.body.innerText").asText().contains("api-five.example"));
            assertTrue(
                    browser.waitFor(
                            "document.querySelector('#members tbody').innerText.includes('TL')",
                            Duration.ofSeconds(10)),
                    "per-member counts");
        }
    }
}
