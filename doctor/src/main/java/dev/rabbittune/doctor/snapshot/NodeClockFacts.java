package dev.rabbittune.doctor.snapshot;

/**
 * A node's wall clock against this machine's, from the {@code Date} header of its own HTTP listener (no API field
 * or metric gives a node's time). The header has a resolution of one second, so an offset is known to within
 * {@code uncertaintyMillis} (half a second plus half the round trip).
 *
 * @param node              node name
 * @param address           host:port asked
 * @param offsetMillis      the node's clock minus this machine's at the midpoint of the request
 * @param uncertaintyMillis how far off {@code offsetMillis} may be
 */
public record NodeClockFacts(String node, String address, long offsetMillis, long uncertaintyMillis) {
}
