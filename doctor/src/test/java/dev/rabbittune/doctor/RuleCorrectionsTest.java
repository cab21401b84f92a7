package dev.rabbittune.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.doctor.snapshot.ListenerFacts;
import dev.rabbittune.doctor.snapshot.PolicyFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Rules that used to give advice that cannot act or misjudge what they saw: each test pins the corrected
 * behaviour on a snapshot built like the one that misfired.
 */
class RuleCorrectionsTest {

    private static List<Finding> findings(String id, Consumer<SnapshotBuilder> setUp) {
        SnapshotBuilder builder = SnapshotBuilder.healthy();
        setUp.accept(builder);
        Snapshot snapshot = builder.build();
        return Doctor.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow().evaluate(snapshot);
    }

    @Test
    void busyWaitIsSilentOnTheStartScriptsDefaultOfNoneForAllThreeFlags() {
        assertThat(findings("host-scheduler-busy-wait", s -> {
            s.host.cores = 2;
            s.host.busyWait = new java.util.HashMap<>(Map.of("sbwt", "none", "sbwtdcpu", "none", "sbwtdio",
                    "none"));
        })).isEmpty();
    }

    @Test
    void busyWaitNamesOnlyTheFlagsThatAreNotNone() {
        List<Finding> found = findings("host-scheduler-busy-wait", s -> {
            s.host.cores = 2;
            s.host.busyWait.put("sbwtdio", "short");
        });
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.evidence()).containsEntry("-sbwtdio", "short").doesNotContainKey("-sbwt");
            assertThat(f.fix()).contains("+sbwtdio none").doesNotContain("+sbwt none");
        });
    }

    @Test
    void keepaliveSysctlsAreNotAdvisedWhenListenersHaveNoKeepaliveAndClientsHeartbeat() {
        assertThat(findings("host-tcp-keepalive-long",
                s -> s.host.sysctl.put("net.ipv4.tcp_keepalive_time", "7200"))).isEmpty();
    }

    @Test
    void keepaliveForClientsWithoutHeartbeatsTurnsItOnWithTheWholeListenOptionsList() {
        List<Finding> found = findings("host-tcp-keepalive-long", s -> {
            s.host.sysctl.put("net.ipv4.tcp_keepalive_time", "7200");
            s.connection().heartbeat = 0;
            s.listeners.set(0, new ListenerFacts("rabbit@a", "amqp", 5672, Map.of("backlog", "128", "nodelay",
                    "true", "linger", "[true, 0]", "exit_on_close", "false")));
        });
        assertThat(found).singleElement().satisfies(f -> assertThat(f.fix())
                .contains("tcp_listen_options.keepalive = true", "tcp_listen_options.backlog = 128",
                        "tcp_listen_options.nodelay = true", "tcp_listen_options.linger.on = true",
                        "tcp_listen_options.linger.timeout = 0", "tcp_listen_options.exit_on_close = false",
                        "heartbeats on"));
    }

    @Test
    void keepaliveSysctlsAreAdvisedWhenTheListenerHasKeepaliveOn() {
        List<Finding> found = findings("host-tcp-keepalive-long", s -> {
            s.host.sysctl.put("net.ipv4.tcp_keepalive_time", "7200");
            s.listeners.set(0, new ListenerFacts("rabbit@a", "amqp", 5672, Map.of("keepalive", "true")));
        });
        assertThat(found).singleElement().satisfies(f -> assertThat(f.fix())
                .startsWith("sysctl.d/60-rabbitmq.conf: net.ipv4.tcp_keepalive_time = 60"));
    }

    @Test
    void nfsDataDirIsAWarningAndADistributedFileSystemIsCritical() {
        assertThat(findings("host-data-dir-on-network-fs", s -> s.host.fsType = "nfs4"))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.WARNING);
        assertThat(findings("host-data-dir-on-network-fs", s -> s.host.fsType = "ceph"))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.CRITICAL);
        assertThat(findings("host-data-dir-on-network-fs", s -> s.host.fsType = "fuse.glusterfs"))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void fsyncMeasuredOffTheDataDirsFileSystemIsNotRated() {
        assertThat(findings("host-fsync-slow", s -> {
            s.host.fsyncMillis = 80;
            s.host.fsyncOnDataFs = false;
        })).isEmpty();
    }

    @Test
    void fsyncThresholdsAreLabelledHeuristics() {
        assertThat(findings("host-fsync-slow", s -> s.host.fsyncMillis = 80)).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(String.valueOf(f.evidence().get("thresholds"))).startsWith("heuristic");
                    assertThat(f.why()).contains("heuristics").doesNotContain("checklist's threshold");
                });
    }

    @Test
    void aBlockingConnectionIsNotReportedAsBlocked() {
        assertThat(findings("connection-blocked", s -> s.connection().state = "blocking")).isEmpty();
    }

    @Test
    void flowSeenInOneSnapshotIsNormalBackPressure() {
        assertThat(findings("connection-flow-control", s -> s.connection().state = "flow")).isEmpty();
    }

    @Test
    void perObjectPrometheusFindingSaysItWasSwitchedOn() {
        List<Finding> found = findings("prometheus-per-object-metrics", s -> {
            s.prometheus = new dev.rabbittune.doctor.snapshot.PrometheusFacts("http://rabbit-a:15692/metrics",
                    true, true, 90_000);
            s.totals = new dev.rabbittune.doctor.snapshot.Overview.ObjectTotals(500, 1000, 100, 5000, 10);
        });
        assertThat(found).singleElement().satisfies(f -> assertThat(f.why())
                .contains("switched on", "aggregated is the default"));
    }

    @Test
    void leaderBalanceIgnoresUnreplicatedClassicQueues() {
        assertThat(findings("queue-leaders-imbalanced", s -> {
            for (int i = 0; i < 40; i++) {
                SnapshotBuilder.Queue q = new SnapshotBuilder.Queue("classic-" + i);
                q.type = "classic";
                q.arguments.clear();
                q.members = List.of();
                q.online = List.of();
                s.queues.add(q);
            }
        })).isEmpty();
    }

    @Test
    void policyKeysGoIntoThePolicyThatAppliesInsteadOfASecondCompetingOne() {
        List<Finding> found = findings("queue-no-length-limit", s -> {
            s.queue().policy.remove("max-length");
            s.policies.add(new PolicyFacts("/", "limits", ".*", "queues", 0, Map.of("overflow", "reject-publish",
                    "delivery-limit", 20, "dead-letter-exchange", "dlx"), false));
        });
        assertThat(found).singleElement().satisfies(f -> assertThat(f.fix())
                .startsWith("rabbitmqctl set_policy 'limits' '.*' '{")
                .contains("\"max-length\":1000000", "\"delivery-limit\":20", "--priority 0 --apply-to queues"));
    }

    @Test
    void aNewPolicyNamesTheQueueAloneWhenItsVhostHasOtherPolicies() {
        List<Finding> found = findings("queue-no-length-limit", s -> {
            s.queue().name = "orders.eu";
            s.queue().policy.clear();
            s.policies.add(new PolicyFacts("/", "ttl", "^audit", "queues", 0, Map.of("message-ttl", 60000),
                    false));
        });
        assertThat(found).singleElement().satisfies(f -> assertThat(f.fix())
                .startsWith("rabbitmqctl set_policy 'limits-orders.eu' '^orders\\.eu$'"));
    }

    @Test
    void applyToQuorumQueuesIsUsedFrom312AndAQueueNamePatternBefore() {
        Consumer<SnapshotBuilder> noLimit = s -> {
            s.queue().policy.clear();
            s.queue().policy.put("max-length", 1000);
            s.queue().policy.put("overflow", "reject-publish");
            s.queue().policy.put("dead-letter-exchange", "dlx");
        };
        assertThat(findings("quorum-queue-no-delivery-limit", noLimit.andThen(s -> {
            s.version = "3.12.14";
            s.queue().policy.clear();
        }))).singleElement().satisfies(f -> assertThat(f.fix())
                .contains("'.*'", "--apply-to quorum_queues"));
        assertThat(findings("quorum-queue-no-delivery-limit", noLimit.andThen(s -> {
            s.version = "3.11.28";
            s.queue().policy.clear();
        }))).singleElement().satisfies(f -> assertThat(f.fix())
                .contains("'^orders$'", "--apply-to queues").doesNotContain("quorum_queues"));
    }

    @Test
    void priorityAdviceFiresAboveTheRecommendedTwoToFourAndWarnsFromTen() {
        Consumer<SnapshotBuilder> classic = s -> s.queue().type = "classic";
        assertThat(findings("queue-max-priority-high", classic.andThen(s -> s.queue().arguments
                .put("x-max-priority", 4)))).isEmpty();
        assertThat(findings("queue-max-priority-high", classic.andThen(s -> s.queue().arguments
                .put("x-max-priority", 5)))).singleElement().extracting(Finding::severity).isEqualTo(Severity.INFO);
        assertThat(findings("queue-max-priority-high", classic.andThen(s -> s.queue().arguments
                .put("x-max-priority", 10)))).singleElement().extracting(Finding::severity)
                .isEqualTo(Severity.WARNING);
    }

    @Test
    void diskFreeLimitFixIsInGibSoItIsNotBelowTheMemoryWatermark() {
        List<Finding> found = findings("disk-free-limit-below-memory", s -> s.node(0).diskFreeLimit = 50_000_000L);
        // memLimit is 6 GiB: "6GB" would be 6,000,000,000 bytes, below 6,442,450,944
        assertThat(found).singleElement().extracting(Finding::fix).isEqualTo("disk_free_limit.absolute = 6GiB");
    }
}
