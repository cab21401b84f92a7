package dev.rabbittune.bench;

/**
 * What the run was measured against. {@code nodes} is -1 when the management API could not be asked.
 *
 * @param uri masked URI of the first node
 */
public record BrokerInfo(String uri, String product, String version, String erlang, int nodes) {
}
