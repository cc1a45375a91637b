package org.monsoon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.monsoon.config.KafkaMetrics;

class ScrapeTextTest {
    @Test
    void nanSamplesAndTheFamiliesLeftEmptyAreLeftOut() {
        String text = String.join(
                "\n",
                "# HELP a_latency_avg The average",
                "# TYPE a_latency_avg gauge",
                "a_latency_avg{client=\"x\"} NaN",
                "# HELP b_total Things",
                "# TYPE b_total counter",
                "b_total{tag=\"a } b\"} 3.0",
                "b_total{tag=\"c\"} NaN",
                "# HELP c_gauge Mixed",
                "# TYPE c_gauge gauge",
                "c_gauge NaN",
                "c_gauge{x=\"1\"} 1.5",
                "");
        assertEquals(
                String.join(
                        "\n",
                        "# HELP b_total Things",
                        "# TYPE b_total counter",
                        "b_total{tag=\"a } b\"} 3.0",
                        "# HELP c_gauge Mixed",
                        "# TYPE c_gauge gauge",
                        "c_gauge{x=\"1\"} 1.5",
                        ""),
                ScrapeText.withoutNaN(text));
    }

    @Test
    void aRealRegistrysNaNGaugeIsLeftOutAndTheRestKept() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Gauge.builder("nothing.yet", () -> Double.NaN).register(registry);
        Counter.builder("monsoon.things").register(registry);
        String scraped = ScrapeText.withoutNaN(registry.scrape());
        assertFalse(scraped.contains("nothing_yet"), scraped);
        assertTrue(scraped.contains("monsoon_things_total 0.0"), scraped);
    }

    @Test
    void kafkaClientMetricsAreKeptToTheUsefulOnesUnlessAllAreAskedFor() {
        for (KafkaMetrics policy : KafkaMetrics.values()) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.config().meterFilter(new KafkaMeterFilter(policy));
            Gauge.builder("kafka.producer.batch.size.avg", () -> 1).register(registry);
            Gauge.builder("kafka.consumer.fetch.manager.records.lag.max", () -> 2)
                    .register(registry);
            Counter.builder("monsoon.reports.received").register(registry);
            Gauge.builder("system.cpu.count", () -> 2).register(registry);
            String scraped = registry.scrape();
            assertEquals(policy == KafkaMetrics.ALL, scraped.contains("kafka_producer_batch_size_avg"), scraped);
            assertTrue(scraped.contains("kafka_consumer_fetch_manager_records_lag_max"), scraped);
            assertTrue(scraped.contains("monsoon_reports_received_total"), scraped);
            assertTrue(scraped.contains("system_cpus ") && !scraped.contains("system_cpu_count"), scraped);
        }
    }
}
