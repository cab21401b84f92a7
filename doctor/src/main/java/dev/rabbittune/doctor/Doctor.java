package dev.rabbittune.doctor;

import dev.rabbittune.core.ManagementApi;
import dev.rabbittune.doctor.internal.probe.BrokerProbe;
import dev.rabbittune.doctor.internal.probe.HostProbe;
import dev.rabbittune.doctor.internal.rules.RuleCatalog;
import dev.rabbittune.doctor.snapshot.BrokerFacts;
import dev.rabbittune.doctor.snapshot.HostFacts;
import dev.rabbittune.doctor.snapshot.NodeFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The doctor's entry point: {@link #probe} a live broker into a {@link Snapshot}, then {@link #diagnose} it with
 * every {@link Rule}. Probing reads only (GET requests, /proc, one fsync probe file in a temp location); nothing on
 * the broker or host is changed. Thread-safe: no state.
 */
public final class Doctor {

    private Doctor() {
    }

    /**
     * Probes the broker behind {@code api}; the host too when the API address is this machine.
     *
     * @param probeHost false to skip host facts even for a local broker
     * @throws dev.rabbittune.core.BrokerUnreachableException when the API cannot be reached or refuses the login
     * @throws dev.rabbittune.core.BrokerRefusedException     when it answers with an error or malformed JSON
     */
    public static Snapshot probe(ManagementApi api, boolean probeHost) {
        boolean local = isLocal(api.baseUrl());
        Boolean guestDefault = BrokerProbe.guestDefaultPasswordWorks(api.baseUrl());
        BrokerFacts broker = new BrokerProbe(api).probe(guestDefault, !local, local);
        HostFacts host = null;
        if (probeHost && local) {
            NodeFacts node = broker.nodes().stream().filter(NodeFacts::running).findFirst().orElse(null);
            host = new HostProbe().probe(node == null ? null : node.osPid(), node == null ? null : node.dbDir());
        }
        return new Snapshot(Snapshot.FORMAT_VERSION, Instant.now().toString(), api.baseUrl(), host, broker);
    }

    /** Every rule the doctor runs. */
    public static List<Rule> rules() {
        return RuleCatalog.all();
    }

    /** The findings of every rule, most severe first, then by id and subject. */
    public static List<Finding> diagnose(Snapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : rules()) {
            findings.addAll(rule.evaluate(snapshot));
        }
        findings.sort(Comparator.comparing(Finding::severity).thenComparing(Finding::id)
                .thenComparing(f -> String.valueOf(f.subject())));
        return List.copyOf(findings);
    }

    /** True when {@code url}'s host is a loopback address or this machine's name. */
    static boolean isLocal(String url) {
        String host = URI.create(url).getHost();
        if (host == null) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || host.equalsIgnoreCase(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
