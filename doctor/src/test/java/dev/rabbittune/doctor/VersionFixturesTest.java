package dev.rabbittune.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.doctor.internal.probe.ApiReplies;
import dev.rabbittune.doctor.internal.probe.BrokerProbe;
import dev.rabbittune.doctor.snapshot.BrokerFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rule on recorded management API replies of five RabbitMQ versions (fixtures/README.md: 3.10.8 recorded
 * from the real broker with fixtures/workload.jsh running, the others derived from it by fixtures/derive.py, each
 * change citing the server source or release notes). The same objects everywhere; the findings differ by what
 * each version does with them. Judged on 2026-12-01, the day of the recording.
 */
class VersionFixturesTest {

    static final String TAKEN_AT = "2026-12-01T12:00:00Z";

    static Snapshot fixture(String version) throws Exception {
        Path dir = Path.of(VersionFixturesTest.class.getResource("/fixtures/rabbitmq-" + version).toURI());
        String metrics = Files.readString(dir.resolve("metrics.txt"));
        BrokerFacts broker = BrokerProbe.facts(ApiReplies.readDirectory(dir), false, false, null,
                BrokerProbe.prometheus("http://localhost:15692/metrics", metrics));
        return new Snapshot(Snapshot.FORMAT_VERSION, TAKEN_AT, "http://localhost:15672", null, broker);
    }

    static List<String> findings(String version) throws Exception {
        return Doctor.diagnose(fixture(version)).stream()
                .map(f -> f.severity().label() + " " + f.id() + " " + f.subject()).toList();
    }

    private static final String CONSUMER = "fixture-orders amq.ctag--vw-ze9w6zx4y0eiCrqXZA";

    /** What all five versions find in the same objects and the same 2-core, 20,000-file host. */
    private static final List<String> EVERYWHERE = List.of(
            "warning classic-mirroring-policy fixture-ha",
            "warning consumer-prefetch-unlimited " + CONSUMER,
            "warning cpu-cores-low rabbit@vm",
            "warning disk-free-limit-below-memory rabbit@vm",
            "warning file-descriptor-limit-low rabbit@vm",
            "warning queue-argument-unknown fixture-legacy",
            "warning queue-backlog-no-consumers fixture-jobs",
            "info cluster-single-node rabbit@vm",
            "info no-tls-listener rabbit@vm",
            "info queue-argument-ignored fixture-orders",
            "info queue-no-length-limit fixture-events",
            "info queue-no-length-limit fixture-jobs",
            "info queue-no-length-limit fixture-legacy",
            "info queue-no-length-limit fixture-orders",
            "info queue-no-length-limit fixture-scratch");

    /** The findings only some versions have, and why. */
    private static final Map<String, List<String>> BY_VERSION = Map.of(
            // no default delivery limit before 4.0; out of all support since 2023-12-31
            "3.10.8", List.of("warning quorum-queue-no-delivery-limit fixture-orders",
                    "warning release-series-unsupported 3.10.8"),
            // lazy mode ignored since 3.12; global QoS and transient queues deprecated (permitted) since 3.13;
            // commercial support only
            "3.13.7", List.of("warning quorum-queue-no-delivery-limit fixture-orders",
                    "info deprecated-feature-used global_qos", "info deprecated-feature-used transient_nonexcl_queues",
                    "info queue-argument-ignored fixture-jobs", "info release-series-unsupported 3.13.7"),
            // default delivery limit 20; an upgraded cluster has the rabbitmq_4.0.0 flag still off; commercial support
            // ended 2026-09-30
            "4.0.9", List.of("warning feature-flags-disabled rabbit@vm", "info deprecated-feature-used global_qos",
                    "info deprecated-feature-used transient_nonexcl_queues", "info queue-argument-ignored fixture-jobs",
                    "warning release-series-unsupported 4.0.9"),
            // the next series denies both features; khepri_db is a stable flag still off on an upgraded cluster
            "4.2.9", List.of("warning deprecated-feature-used global_qos",
                    "warning deprecated-feature-used transient_nonexcl_queues", "warning feature-flags-disabled rabbit@vm",
                    "info khepri-migration-pending khepri_db",
                    "info queue-argument-ignored fixture-jobs", "info release-series-unsupported 4.2.9"),
            // denied by default (global QoS is then applied per consumer, so it no longer shows); x-delayed-retry-type
            // is now a quorum-queue argument (ignored on a classic queue); community support of 4.3 ended
            // 2026-11-30 in the release data
            "4.3.5", List.of("warning deprecated-feature-used transient_nonexcl_queues",
                    "warning feature-flags-disabled rabbit@vm", "info queue-argument-ignored fixture-jobs",
                    "info queue-argument-ignored fixture-legacy", "info release-series-unsupported 4.3.5"));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"3.10.8", "3.13.7", "4.0.9", "4.2.9", "4.3.5"})
    void everyVersionGivesExactlyItsExpectedFindings(String version) throws Exception {
        List<String> expected = new java.util.ArrayList<>(EVERYWHERE);
        expected.addAll(BY_VERSION.get(version));
        assertThat(findings(version)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theArgumentsNoTypeReadsFollowTheVersion() throws Exception {
        assertThat(unknownArguments("4.2.9")).isEqualTo(List.of("x-delayed-retry-type", "x-ha-policy"));
        assertThat(unknownArguments("4.3.5")).isEqualTo(List.of("x-ha-policy"));
    }

    @Test
    void mirroringAdviceSaysTheKeysDoNothingFrom40() throws Exception {
        Finding before = only("3.13.7", "classic-mirroring-policy");
        Finding after = only("4.0.9", "classic-mirroring-policy");
        assertThat(before.fix()).contains("before upgrading to 4.0");
        assertThat(after.fix()).contains("do nothing since 4.0");
        assertThat(only("4.3.5", "queue-no-length-limit", "fixture-legacy").fix()).doesNotContain("ha-mode");
        assertThat(only("3.13.7", "queue-no-length-limit", "fixture-legacy").fix()).contains("\"ha-mode\":\"all\"");
    }

    @Test
    void theRecordedProbeSawWhatTheRulesNeed() throws Exception {
        Snapshot recorded = fixture("3.10.8");
        assertThat(recorded.broker().prometheus().schedulersOnline()).isEqualTo(2);
        assertThat(recorded.broker().nodes()).singleElement().satisfies(n -> {
            assertThat(n.netTicktimeSeconds()).isEqualTo(60);
            assertThat(n.processors()).isEqualTo(2);
        });
        assertThat(recorded.broker().vhosts()).singleElement()
                .satisfies(v -> assertThat(v.clusterState()).containsEntry("rabbit@vm", "running"));
        assertThat(recorded.broker().queues()).filteredOn(q -> q.name().equals("fixture-orders")).singleElement()
                .satisfies(q -> assertThat(q.leader()).isEqualTo("rabbit@vm"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> unknownArguments(String version) throws Exception {
        return (List<String>) only(version, "queue-argument-unknown").evidence().get("unknownArguments");
    }

    private static Finding only(String version, String id, String... subject) throws Exception {
        return Doctor.diagnose(fixture(version)).stream().filter(f -> f.id().equals(id))
                .filter(f -> subject.length == 0 || f.subject().equals(subject[0])).findFirst().orElseThrow();
    }
}
