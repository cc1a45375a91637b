package org.monsoon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.monsoon.MonsoonApplication;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;
import org.monsoon.testing.Await;
import org.monsoon.testing.ExternalTools;
import org.monsoon.testing.HeadlessChromium;
import org.monsoon.testing.Http;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TestDirs;

/**
 * The analysts' dashboard in a real headless Chromium, on data from a real run: an advisory's detail
 * view (timeline of its indicators, version history, exports), the region's three charts and the
 * indicator search. Each is checked in the page and written as a screenshot under
 * {@code target/screenshots/} for people to look at.
 */
class DashboardIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "dashboard-it-token";
    private static final Path SHOTS = Path.of("target/screenshots");
    private static final Instant OBSERVED = Instant.now().minus(Duration.ofHours(5));
    private static MonsoonApplication app;
    private static KafkaProducer<String, IncidentReport> producer;
    private static Topics topics;

    @BeforeAll
    static void start() throws Exception {
        ExternalTools.require("chromium", "chromium");
        MonsoonConfig config = SharedPlatform.config("dashboard-it", 2)
                .withHttp("127.0.0.1", 0)
                .withApiToken(TOKEN);
        app = MonsoonApplication.start(config.withDataDir(TestDirs.create("dashboard-it")), true);
        topics = Topics.of(config);
        producer = new KafkaProducer<>(
                config.clientConfig(),
                topics.reports("SG").keySerde().serializer(),
                topics.reports("SG").valueSerde().serializer());
        // A phishing campaign that grows over three versions, a malware campaign, and noise.
        send("SG", "sg-1", 0, Severity.HIGH, IndicatorType.DOMAIN, "portal.dash-bank.example");
        send("MY", "my-1", 600, Severity.HIGH, IndicatorType.DOMAIN, "portal.dash-bank.example");
        send(
                "TH",
                "th-1",
                1_200,
                Severity.MEDIUM,
                IndicatorType.SHA256,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        send(
                "VN",
                "vn-1",
                1_800,
                Severity.MEDIUM,
                IndicatorType.SHA256,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        awaitStatsSample();
        // The statistics count per ten seconds of wall-clock time: the second batch goes into a later bucket.
        Thread.sleep(10_200 - System.currentTimeMillis() % 10_000);
        send("ID", "id-1", 3_600, Severity.CRITICAL, IndicatorType.DOMAIN, "portal.dash-bank.example");
        send("ID", "id-2", 4_000, Severity.HIGH, IndicatorType.URL, "https://login.dash-bank.example/verify");
        send("SG", "sg-2", 5_000, Severity.HIGH, IndicatorType.URL, "https://login.dash-bank.example/verify");
        send("SG", "sg-2", 5_000, Severity.HIGH, IndicatorType.URL, "https://login.dash-bank.example/verify");
        send("PH", "ph-bad", 5_000, Severity.LOW, IndicatorType.IPV4, "999.1.1.1");
        // The URL's host correlates as well: three advisories, the first grown to three members.
        Await.until(
                () -> get("/api/advisories").get("advisories"),
                list -> list.size() == 3 && list.toString().contains("\"countries\":[\"ID\",\"MY\",\"SG\"]"),
                Duration.ofSeconds(120),
                "three advisories, the first grown to three members");
        Await.until(
                () -> get("/api/stats/history").get("samples"),
                DashboardIT::movedBetweenSamples,
                Duration.ofSeconds(60),
                "a stats sample after the second batch");
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

    private static void send(
            String member, String id, long secondsLater, Severity severity, IndicatorType type, String value) {
        IncidentReport report = aReport()
                .from(member)
                .withId(id)
                .observedAt(OBSERVED.plusSeconds(secondsLater))
                .withTlp(Tlp.GREEN)
                .withSeverity(severity)
                .withIndicator(type, value)
                .build();
        producer.send(new ProducerRecord<>(topics.reports(member).name(), id, report));
        producer.flush();
    }

    /** GET that waits out a rebalance (503, stores not queryable) but no other error. */
    private static JsonNode get(String path) {
        try {
            Http.Response response = Http.getWithBearer(app.httpUrl() + path, TOKEN);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (response.status() == 503 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                response = Http.getWithBearer(app.httpUrl() + path, TOKEN);
            }
            assertEquals(200, response.status(), path + " -> " + response.body());
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Until a sample counts the first batch, so that the second batch lands in a later interval. */
    private static void awaitStatsSample() {
        Await.until(
                () -> get("/api/stats/history").get("samples"),
                samples -> samples.toString().contains("\"VN\""),
                Duration.ofSeconds(60),
                "a stats sample with the first batch");
    }

    private static boolean movedBetweenSamples(JsonNode samples) {
        return samples.size() >= 2 && samples.get(samples.size() - 1).toString().contains("\"PH\"");
    }

    @Test
    void aShortIdOpensItsAdvisoryAndAMissingOneSaysSo() throws Exception {
        JsonNode any = get("/api/advisories").get("advisories").get(0);
        String shortId = any.get("advisory_id").asText().substring(0, 8);
        try (HeadlessChromium browser =
                HeadlessChromium.open(app.httpUrl() + "/#token=" + TOKEN + "&advisory=" + shortId)) {
            assertTrue(
                    browser.waitFor(
                            "document.body.dataset.rendered === 'advisory'"
                                    + " && document.querySelector('#detail h2') !== null"
                                    + " && document.querySelector('#detail h2').textContent === "
                                    + JSON.writeValueAsString(any.get("title").asText()),
                            Duration.ofSeconds(30)),
                    "short id: " + browser.evaluate("document.body.innerText"));
            browser.evaluate("location.hash = 'token=" + TOKEN + "&advisory=00000000'");
            assertTrue(
                    browser.waitFor(
                            "document.querySelector('#detail').dataset.missing === '404'"
                                    + " && document.body.dataset.rendered === 'advisory'",
                            Duration.ofSeconds(30)),
                    "missing id: " + browser.evaluate("document.body.innerText"));
            String page = browser.evaluate("document.body.innerText").asText();
            assertTrue(page.contains("No such advisory"), page);
            assertFalse(page.contains("waiting for Monsoon"), page);
        }
    }

    @Test
    void detailViewChartsAndSearchRenderWithRealData() throws Exception {
        JsonNode phishing = null;
        for (JsonNode a : get("/api/advisories?member=MY").get("advisories")) {
            phishing = a;
        }
        String id = phishing.get("advisory_id").asText();
        try (HeadlessChromium browser = HeadlessChromium.open(app.httpUrl() + "/#token=" + TOKEN + "&advisory=" + id)) {
            browser.viewport(1280, 900);
            assertTrue(
                    browser.waitFor(
                            "document.body.dataset.rendered === 'advisory'"
                                    + " && document.querySelectorAll('#timeline rect.span').length === "
                                    + phishing.get("indicators").size()
                                    + " && document.querySelectorAll('#history tbody tr').length >= 2",
                            Duration.ofSeconds(30)),
                    "detail view: " + browser.evaluate("document.body.innerText"));
            String detail = browser.evaluate("document.querySelector('#view-advisory').innerText")
                    .asText();
            assertTrue(detail.contains(phishing.get("title").asText()), detail);
            assertTrue(detail.contains("first published") && detail.contains("+1 member: ID"), detail);
            assertTrue(detail.contains("Download STIX 2.1") && detail.contains("Download MISP event"), detail);
            assertEquals(
                    "bundle",
                    browser.evaluate("fetchApi('/api/advisories/" + id + "/stix').then(r => r.json())"
                                    + ".then(b => b.type)")
                            .asText(""),
                    "the STIX export the button downloads");
            browser.screenshot("#view-advisory", SHOTS.resolve("dashboard-advisory-detail.png"));

            browser.evaluate("location.hash = 'token=" + TOKEN + "&view=region'");
            assertTrue(
                    browser.waitFor(
                            "document.body.dataset.rendered === 'region'"
                                    + " && document.querySelectorAll('#chart-severity rect.bar').length > 0"
                                    + " && document.querySelectorAll('#chart-members rect.bar').length > 0"
                                    + " && [...document.querySelectorAll('#chart-matrix rect.cell')]"
                                    + ".some(c => c.dataset.pair === 'MY-SG' && c.dataset.count === '1')",
                            Duration.ofSeconds(30)),
                    "region charts: " + browser.evaluate("document.querySelector('#view-region').innerHTML.length"));
            JsonNode severities =
                    browser.evaluate("[...new Set([...document.querySelectorAll('#chart-severity rect.bar')]"
                            + ".map(r => r.dataset.severity))].sort()");
            assertTrue(
                    severities.toString().contains("CRITICAL")
                            || severities.toString().contains("HIGH"),
                    severities.toString());
            JsonNode shares = browser.evaluate("[...new Set([...document.querySelectorAll('#chart-members rect.bar')]"
                    + ".map(r => r.dataset.share))].sort()");
            assertTrue(shares.toString().contains("accepted"), shares.toString());
            browser.screenshot("#chart-severity", SHOTS.resolve("dashboard-chart-severity.png"));
            browser.screenshot("#chart-members", SHOTS.resolve("dashboard-chart-members.png"));
            browser.screenshot("#chart-matrix", SHOTS.resolve("dashboard-chart-matrix.png"));

            browser.evaluate("document.getElementById('search-value').value = 'portal[.]dash-bank.example';"
                    + " document.getElementById('search').requestSubmit()");
            assertTrue(
                    browser.waitFor(
                            "(document.getElementById('lookup-verdict') || {}).innerText === "
                                    + "'Correlated: reported by two or more members.'",
                            Duration.ofSeconds(15)),
                    "search: " + browser.evaluate("document.getElementById('lookup').innerText"));
            assertTrue(browser.evaluate("document.getElementById('lookup').innerText")
                    .asText()
                    .contains("MY"));
            browser.screenshot("#lookup", SHOTS.resolve("dashboard-indicator-search.png"));
            browser.screenshot(null, SHOTS.resolve("dashboard-region.png"));
        }
    }
}
