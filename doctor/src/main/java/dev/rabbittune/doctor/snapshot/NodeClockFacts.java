package dev.rabbittune.doctor.snapshot;

/**
 * A node's wall clock against this machine's, from the {@code Date} header of its own HTTP listener (no API field
 * or metric gives a node's time). The node refreshes that header once a second and truncates it to the second, so
 * an offset is known to within {@code uncertaintyMillis} (a second plus half the round trip).
 *
 * @param node              node name
 * @param address           host:port asked
 * @param offsetMillis      the node's clock minus this machine's at the midpoint of the request
 * @param uncertaintyMillis how far off {@code offsetMillis} may be
 */
public record NodeClockFacts(String node, String address, long offsetMillis, long uncertaintyMillis) {
}
