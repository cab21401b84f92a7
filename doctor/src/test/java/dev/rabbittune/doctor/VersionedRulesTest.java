package dev.rabbittune.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.doctor.config.ConfigGenerator;
import dev.rabbittune.doctor.config.ConfigSetting;
import dev.rabbittune.doctor.config.GeneratedConfig;
import dev.rabbittune.doctor.snapshot.FeatureFlagFacts;
import dev.rabbittune.doctor.snapshot.PrometheusFacts;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Advice that depends on the RabbitMQ release, the OTP release or the metadata store in front of it. */
class VersionedRulesTest {

    private static List<Finding> findings(String id, Consumer<SnapshotBuilder> setUp) {
        SnapshotBuilder builder = SnapshotBuilder.healthy();
        setUp.accept(builder);
        return Doctor.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow()
                .evaluate(builder.build());
    }

    private static GeneratedConfig config(Consumer<SnapshotBuilder> setUp) {
        SnapshotBuilder builder = SnapshotBuilder.healthy();
        setUp.accept(builder);
        return ConfigGenerator.generate(builder.build());
    }

    @Test
    void onOtp23AndLaterSchedulersThatFitTheQuotaAreNotAFinding() {
        // 8 logical processors, a 2-core quota: OTP 26 brought its online schedulers down to 2 by itself
        assertThat(findings("host-cpu-quota-below-schedulers", s -> {
            s.host.cgroupCpu = 2.0;
            s.prometheus = new PrometheusFacts("http://rabbit-a:15692/metrics", true, false, 300, 2, null, null);
        })).isEmpty();
        assertThat(findings("host-cpu-quota-below-schedulers", s -> s.host.cgroupCpu = 2.0)).isEmpty();
    }

    @Test
    void beforeOtp23TheLogicalProcessorsAreComparedWithTheQuota() {
        assertThat(findings("host-cpu-quota-below-schedulers", s -> {
            s.host.cgroupCpu = 2.0;
            s.erlangVersion = "22.3.4";
        })).hasSize(3).allSatisfy(f -> assertThat(f.evidence()).containsEntry("logicalProcessors", 8));
    }

    @Test
    void khepriDbIsNotInTheEnableAllFixAndIsToldApartWithTheMigrationGuide() {
        Consumer<SnapshotBuilder> flags = s -> {
            s.version = "4.2.9";
            s.featureFlags.add(new FeatureFlagFacts("khepri_db", "disabled", "stable"));
            s.featureFlags.add(new FeatureFlagFacts("message_containers", "disabled", "stable"));
        };
        assertThat(findings("feature-flags-disabled", flags)).singleElement().satisfies(f -> assertThat(f.fix())
                .isEqualTo("rabbitmqctl enable_feature_flag message_containers (by name: 'all' would also enable "
                        + "khepri_db)"));
        assertThat(findings("khepri-migration-pending", flags)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.reference()).endsWith("metadata-store/how-to-enable-khepri");
        });
        // on 4.1 khepri_db is experimental: 'all' leaves it alone and nothing is said about it
        assertThat(findings("feature-flags-disabled", s -> {
            s.version = "4.1.8";
            s.featureFlags.add(new FeatureFlagFacts("khepri_db", "disabled", "experimental"));
            s.featureFlags.add(new FeatureFlagFacts("rabbitmq_4.1.0", "disabled", "stable"));
        })).singleElement().satisfies(f -> assertThat(f.fix()).isEqualTo("rabbitmqctl enable_feature_flag "
                + "rabbitmq_4.1.0"));
    }

    @Test
    void theGeneratedReadmeDoesNotWaitForAQuorumThatTwoNodesCannotKeep() {
        String readme = config(s -> s.nodes.remove(2)).files().get(GeneratedConfig.README);
        assertThat(readme).doesNotContain("sudo rabbitmq-upgrade await_online_quorum_plus_one")
                .contains("would never return");
    }

    @Test
    void aPolicyPerQueueIsNamedForItsQueueSoFixesDoNotReplaceEachOther() {
        List<Finding> found = findings("queue-no-length-limit", s -> {
            s.policies.add(new dev.rabbittune.doctor.snapshot.PolicyFacts("/", "ttl", "^audit", "queues", 0,
                    java.util.Map.of("message-ttl", 60000), false));
            s.queue().policy.clear();
            SnapshotBuilder.Queue second = new SnapshotBuilder.Queue("invoices");
            second.policy.clear();
            s.queues.add(second);
        });
        assertThat(found).extracting(Finding::fix).anySatisfy(f -> assertThat(f)
                .startsWith("rabbitmqctl set_policy 'limits-orders' '^orders$'")).anySatisfy(f -> assertThat(f)
                .startsWith("rabbitmqctl set_policy 'limits-invoices' '^invoices$'"));
    }

    @Test
    void streamsWithRetentionAreNotToldTheyDropSilently() {
        assertThat(findings("queue-length-limit-drops-silently", s -> {
            s.queue().type = "stream";
            s.queue().policy.clear();
            s.queue().policy.put("max-length-bytes", 20_000_000_000L);
        })).isEmpty();
    }

    @Test
    void argumentsOfReleasesBefore310AreNotCalledUnknown() {
        assertThat(findings("queue-argument-unknown", s -> {
            s.version = "3.8.35";
            s.queue().arguments.put("x-message-ttl", 60000);
        })).isEmpty();
    }

    @Test
    void theEffectiveDeliveryLimitIsTheLargerWhenEitherIsUnlimited() {
        assertThat(findings("quorum-queue-no-delivery-limit", s -> {
            s.version = "4.0.9";
            s.queue().arguments.put("x-delivery-limit", -1);
        })).isEmpty(); // the policy's 20 applies
    }

    @Test
    void olderThan310UpgradesPassEverySeries() {
        assertThat(findings("release-series-unsupported", s -> s.version = "3.8.35")).singleElement()
                .satisfies(f -> assertThat(f.fix()).contains("3.9 -> 3.10 -> 3.11 -> 3.12 -> 3.13 -> 4.2 -> 4.3"));
    }

    @Test
    void onlyTheNewestSeriesHasCommunitySupportOnTheDayTheSnapshotWasTaken() {
        Consumer<SnapshotBuilder> dec2026 = s -> s.takenAt = "2026-12-01T10:00:00Z";
        assertThat(findings("release-series-unsupported", dec2026.andThen(s -> s.version = "4.1.8")))
                .singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.INFO); // commercial support until 2027-04-30
                    assertThat(f.evidence()).containsEntry("endOfCommunitySupport", "2026-01-31");
                    assertThat(f.fix()).startsWith("upgrade along the documented path: 4.2 -> 4.3");
                });
        assertThat(findings("release-series-unsupported", dec2026.andThen(s -> s.version = "4.2.9")))
                .singleElement().satisfies(f -> assertThat(f.fix()).contains(": 4.3 ("));
        assertThat(findings("release-series-unsupported", s -> {
            s.takenAt = "2026-06-01T00:00:00Z";
            s.version = "4.2.9";
        })).isEmpty();
        assertThat(findings("release-series-unsupported", dec2026.andThen(s -> s.version = "3.10.8")))
                .singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.fix()).contains("3.11 -> 3.12 -> 3.13 -> 4.2 -> 4.3");
                });
    }

    @Test
    void unackedFixFollowsTheVersionAndQueueType() {
        Consumer<SnapshotBuilder> stuck = s -> s.queue().unacked = 5000;
        assertThat(findings("unacked-messages-high", stuck.andThen(s -> {
            s.version = "4.3.5";
            s.queue().type = "classic";
        }))).singleElement().satisfies(f -> assertThat(f.fix())
                .contains("no longer evaluates consumer_timeout in 4.3").doesNotContain("closes the channel"));
        assertThat(findings("unacked-messages-high", stuck.andThen(s -> s.version = "4.3.5")))
                .singleElement().satisfies(f -> assertThat(f.fix()).contains("returns a stuck consumer's messages"));
        assertThat(findings("unacked-messages-high", stuck.andThen(s -> s.version = "3.13.7")))
                .singleElement().satisfies(f -> assertThat(f.fix())
                        .contains("closes the channel", "consumer-timeout policy key"));
        assertThat(findings("unacked-messages-high", stuck.andThen(s -> s.version = "3.10.8")))
                .singleElement().satisfies(f -> assertThat(f.fix())
                        .contains("closes the channel").doesNotContain("policy key"));
    }

    @Test
    void inMemoryLimitsOnAQuorumQueueAreIgnoredSince310() {
        assertThat(findings("queue-argument-ignored", s -> s.queue().arguments.put("x-max-in-memory-length", 1000)))
                .singleElement().satisfies(f -> assertThat(f.evidence().get("ignored").toString())
                        .contains("on a quorum queue (ignored since 3.10)"));
    }

    @Test
    void knownArgumentsFollowTheVersion() {
        Consumer<SnapshotBuilder> delayedRetry = s -> s.queue().arguments.put("x-delayed-retry-type", "failed");
        assertThat(findings("queue-argument-unknown", delayedRetry.andThen(s -> s.version = "4.3.5"))).isEmpty();
        assertThat(findings("queue-argument-unknown", delayedRetry.andThen(s -> s.version = "4.2.9")))
                .singleElement().satisfies(f -> assertThat(f.evidence())
                        .containsEntry("unknownArguments", List.of("x-delayed-retry-type")));
        assertThat(findings("queue-argument-unknown", s -> s.queue().arguments.put("x-ha-policy", "all")))
                .singleElement().satisfies(f -> assertThat(f.evidence())
                        .containsEntry("unknownArguments", List.of("x-ha-policy")));
        assertThat(findings("queue-argument-unknown", s -> {
            s.version = "3.13.7";
            s.queue().arguments.put("x-quorum-target-group-size", 3);
            s.queue().arguments.put("x-consumer-timeout", 60000);
        })).isEmpty();
    }

    @Test
    void theWalKeyIsQuorumQueueOn43AndRaftBefore() {
        Consumer<SnapshotBuilder> smallNode = s -> {
            s.host.mem = 2L * 1024 * 1024 * 1024;
            s.node(0).memLimit = 1024L * 1024 * 1024;
        };
        assertThat(keys(config(smallNode.andThen(s -> s.version = "4.3.5").andThen(s -> s.nodes.subList(1, 3)
                .clear())))).contains("quorum_queue.wal_max_size_bytes").doesNotContain("raft.wal_max_size_bytes");
        assertThat(keys(config(smallNode.andThen(s -> s.version = "4.2.9"))))
                .contains("raft.wal_max_size_bytes").doesNotContain("quorum_queue.wal_max_size_bytes");
    }

    @Test
    void partitionHandlingIsLeftOutWhenTheMetadataStoreIsKhepri() {
        Consumer<SnapshotBuilder> khepri = s -> {
            s.version = "4.2.9";
            s.featureFlags.add(new FeatureFlagFacts("khepri_db", "enabled", "stable"));
            s.config.remove("cluster_partition_handling");
        };
        assertThat(findings("partition-handling-mode", khepri)).isEmpty();
        assertThat(keys(config(khepri))).doesNotContain("cluster_partition_handling");
        assertThat(findings("partition-handling-mode", s -> {
            s.version = "4.2.9";
            s.config.remove("cluster_partition_handling");
        })).hasSize(1);
    }

    @Test
    void theGeneratedReadmeSaysWhatItsInstallReplacesAndRestartsNodesOneAtATimeSafely() {
        String readme = config(s -> { }).files().get(GeneratedConfig.README);
        assertThat(readme).contains("**replaces** the file it writes", "rabbitmq.conf.bak",
                "rabbitmq-upgrade await_online_quorum_plus_one", "check_alarms")
                .doesNotContain("check_local_alarms");
        String single = config(s -> s.nodes.subList(1, 3).clear()).files().get(GeneratedConfig.README);
        assertThat(single).doesNotContain("await_online_quorum_plus_one");
    }

    @Test
    void tooFewMembersNamesTheAddMemberCommandsInTheClisSyntax() {
        assertThat(findings("quorum-queue-too-few-members", s -> s.queue().members = s.queue().online =
                List.of("rabbit@a"))).singleElement().satisfies(f -> assertThat(f.fix()).isEqualTo(
                        "rabbitmq-queues add_member 'orders' rabbit@b && rabbitmq-queues add_member 'orders' rabbit@c"));
    }

    private static List<String> keys(GeneratedConfig config) {
        return config.rabbitmqConf().stream().map(ConfigSetting::key).toList();
    }

    @Test
    void aQuorumQueueInMinorityStateOrWithoutALeaderIsCritical() {
        // 3.13+: online lists members whose node runs, state says minority
        assertThat(findings("quorum-queue-members-down", s -> {
            s.version = "4.2.9";
            s.queue().state = "minority";
        })).singleElement().extracting(Finding::severity).isEqualTo(Severity.CRITICAL);
        // 3.10: the leader is null when its process is dead (other queues report theirs)
        assertThat(findings("quorum-queue-members-down", s -> {
            s.version = "3.10.8";
            s.queue().leader = null;
            SnapshotBuilder.Queue other = new SnapshotBuilder.Queue("payments");
            other.leader = "rabbit@b";
            s.queues.add(other);
        })).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.evidence()).containsEntry("leader", "none elected");
        });
    }

    @Test
    void deprecatedFeaturesAreWarningsWhere43DeniesThemAndSilentBeforeTheirDeprecation() {
        Consumer<SnapshotBuilder> transientQueue = s -> s.queue().durable = false;
        assertThat(findings("deprecated-feature-used", transientQueue.andThen(s -> s.version = "4.3.5")))
                .singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.evidence()).containsEntry("phase", "denied by default since 4.3");
                    assertThat(f.fix()).contains("deprecated_features.permit.transient_nonexcl_queues = true");
                });
        assertThat(findings("deprecated-feature-used", transientQueue.andThen(s -> s.version = "3.12.14")))
                .isEmpty();
    }

    @Test
    void aQuorumCriticalNodeBesideAStoppedOneIsToldToBringThatBackNotToAddAThird() {
        List<Finding> found = findings("node-quorum-critical", s -> {
            s.node(2).running = false;
            s.queue().online = List.of("rabbit@a", "rabbit@b");
        });
        assertThat(found).isNotEmpty().allSatisfy(f -> assertThat(f.fix())
                .startsWith("bring the stopped node(s) back first").doesNotContain("add a third node"));
    }

    @Test
    void objectStoreFuseMountsAreNetworkStorageAndContainerOverlaysAreNot() {
        assertThat(findings("host-data-dir-on-network-fs", s -> s.host.fsType = "fuse.gcsfuse"))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.WARNING);
        assertThat(findings("host-data-dir-on-network-fs", s -> s.host.fsType = "fuse.fuse-overlayfs")).isEmpty();
    }

    @Test
    void classicQueueVersionsAreUnknownBefore310() {
        assertThat(findings("queue-argument-unknown", s -> {
            s.version = "3.9.29";
            s.queue().type = "classic";
            s.queue().arguments.clear();
            s.queue().arguments.put("x-queue-version", 2);
        })).singleElement().satisfies(f -> assertThat(f.evidence())
                .containsEntry("unknownArguments", List.of("x-queue-version")));
    }

    @Test
    void a2xBrokerIsSentThroughAFullStopUpgradeFirst() {
        assertThat(findings("release-series-unsupported", s -> s.version = "2.8.7")).singleElement()
                .satisfies(f -> assertThat(f.fix()).contains("3.6 (a full-stop upgrade", "3.7.18 -> 3.8 -> 3.9 -> 3.10"));
    }
}
