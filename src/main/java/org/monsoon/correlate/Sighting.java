package org.monsoon.correlate;

/** One canonical indicator seen in one shareable report; keyed by indicator on the repartition topic. */
public record Sighting(String indicator, ReportRef report) {
}
