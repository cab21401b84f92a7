package dev.rabbittune.report;

/** One labelled figure of a result, already formatted for reading ({@code "p99 latency"}, {@code "2.99 ms"}). */
record Fact(String label, String value) {
}
