package dev.rabbittune.doctor.internal.probe;

import java.net.URI;

/**
 * Where the probes that talk to a node directly (TLS handshakes, clocks) reach it: the management API's host for
 * the node the API answers from, the host part of the node's name ({@code rabbit@host}) for the others.
 */
final class NodeHosts {

    private final String apiHost;
    private final String apiNode;

    /** @param apiNode the node the API answers from ({@code /api/overview} {@code node}), null when unknown */
    NodeHosts(String managementBaseUrl, String apiNode) {
        this.apiHost = URI.create(managementBaseUrl).getHost();
        this.apiNode = apiNode;
    }

    String hostOf(String node) {
        return apiNode == null || node == null || node.equals(apiNode) || !node.contains("@") ? apiHost
                : node.substring(node.indexOf('@') + 1);
    }
}
