package dev.rabbittune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.rabbittune.core.Json;
import dev.rabbittune.core.ManagementApi;
import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code doctor} and {@code rebalance} on the local 3-node cluster ({@code scripts/broker cluster start 3}: AMQP
 * 5701-5703, management 15701-15703). One class, one cluster start (found running when scripts/test started it
 * and ChaosPublishTest left it) and one stop, because it kills nodes; nodes are killed in the last two tests since
 * the others need all three running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@NeedsBroker
class DoctorClusterTest {

    private static final String MGMT = "http://localhost:15701";
    private static final Duration STATS_DELAY = Duration.ofSeconds(40);
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));

    private static final String MAJORITY_QUEUE = "doctor-test-qq-majority-" + UUID.randomUUID().toString()
            .substring(0, 8);

    private static Connection connection;
    private static Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        Broker.script("cluster", "start", "3");
        ConnectionFactory factory = Broker.factory();
        factory.setPort(5701); // the cluster's first node
        connection = factory.newConnection("doctor-cluster-test");
        dir = Files.createTempDirectory("doctor-cluster-test");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (connection != null) {
                connection.abort();
            }
        } finally {
            Broker.script("cluster", "stop");   // deletes every queue and policy the tests created
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }
        }
    }

    @Test
    @Order(1)
    void classicMirroringPolicyIsFoundByPolicyName() throws Exception {
        put("/api/policies/%2F/doctor-test-ha",
                "{\"pattern\":\"^doctor-test-ha-\",\"definition\":{\"ha-mode\":\"all\"},\"apply-to\":\"queues\"}");

        awaitFinding("classic-mirroring-policy", "doctor-test-ha");
    }

    @Test
    @Order(2)
    void quorumQueueWithOneMemberIsTooFewOnThreeNodes() throws Exception {
        String queue = "doctor-test-qq-small-" + UUID.randomUUID().toString().substring(0, 8);
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false,
                    Map.of("x-queue-type", "quorum", "x-quorum-initial-group-size", 1));
        }

        awaitFinding("quorum-queue-too-few-members", queue);
    }

    /** Six quorum queues declared through node 1 all lead there; the rebalance spreads them 2/2/2. */
    @Test
    @Order(3)
    void rebalanceShowsThePlanWithoutApplyAndSpreadsLeadersWithApply() throws Exception {
        try (Channel channel = connection.createChannel()) {
            for (int i = 0; i < 6; i++) {
                channel.queueDeclare("doctor-test-rebalance-" + i, true, false, false,
                        Map.of("x-queue-type", "quorum", "x-queue-leader-locator", "client-local"));
            }
        }
        String[] args = {"rebalance", "--uri", "amqp://guest:guest@localhost:5701", "--management-url", MGMT,
            "--type", "quorum"};

        // members appear in the API with the queues' first statistics, a few seconds after the declaration
        await().atMost(STATS_DELAY).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            CliRun dryRun = CliRun.of(args);
            assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
            assertThat(dryRun.out()).containsPattern("rabbit-c1@\\S+ +6 -> +2")
                    .contains("4 leadership transfer(s) planned", "dry run: nothing changed");
        });
        assertThat(leadersOfRebalanceQueues()).containsOnly("rabbit-c1");

        CliRun apply = CliRun.of(concat(args, "--apply"));
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("leaders per node after the rebalance");
        assertThat(leadersOfRebalanceQueues()).containsOnly("rabbit-c1", "rabbit-c2", "rabbit-c3");
    }

    /**
     * One node killed, seen by both: the doctor names it down, and the monitor's canary of that node goes down
     * within a few intervals while the other nodes' canaries stay up (their quorum queues keep a majority), and
     * the killed node's canary queue is then led elsewhere.
     */
    @Test
    @Order(4)
    void killedNodeIsFoundDownByNameAndOnlyItsCanaryGoesDown() throws Exception {
        // for the next test: a quorum queue with a member on each node, before any node goes
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclare(MAJORITY_QUEUE, true, false, false,
                    Map.of("x-queue-type", "quorum", "x-quorum-initial-group-size", 3));
        }
        await().atMost(STATS_DELAY).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(api().queue("/", MAJORITY_QUEUE).orElseThrow().path("members")).hasSize(3));
        List<String> nodes = StreamSupport.stream(api().nodes().spliterator(), false).map(n -> n.path("name")
                .asText()).sorted().toList();
        String node2 = nodes.stream().filter(n -> n.startsWith("rabbit-c2@")).findFirst().orElseThrow();
        dev.rabbittune.monitor.MonitorSettings settings = new dev.rabbittune.monitor.MonitorSettings(
                new dev.rabbittune.client.ConnectionSettings(List.of(dev.rabbittune.core.AmqpUri.parse(
                        "amqp://guest:guest@localhost:5701")), 10, false, false),
                new java.net.InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(1), Duration.ofMillis(500),
                Duration.ofSeconds(1), new dev.rabbittune.monitor.MonitorSettings.QueueFilter(null, null, 10), MGMT);

        try (dev.rabbittune.monitor.Monitor monitor = dev.rabbittune.monitor.Monitor.start(settings)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> nodes.stream().allMatch(n ->
                    metric(monitor, "rabbittune_canary_up{node=\"" + n + "\"}") == 1.0));
            // every node has the Prometheus plugin: the per-queue figures come from it, not the fallback
            assertThat(metric(monitor, "rabbittune_broker_source{source=\"plugin\"}")).isEqualTo(1.0);

            Broker.script("cluster", "kill", "2");

            // two intervals of timeout and the expiry's quarter interval, with room for a loaded machine
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    metric(monitor, "rabbittune_canary_up{node=\"" + node2 + "\"}") == 0.0);
            List<String> others = nodes.stream().filter(n -> !n.equals(node2)).toList();
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> others.stream()
                    .allMatch(other -> metric(monitor, "rabbittune_canary_up{node=\"" + other + "\"}") == 1.0));
            await().atMost(STATS_DELAY).until(() ->
                    metric(monitor, "rabbittune_node_running{node=\"" + node2 + "\"}") == 0.0
                    && metric(monitor, "rabbittune_canary_leader_elsewhere{node=\"" + node2 + "\"}") == 1.0);
            awaitFinding("node-down", node2);
        }
    }

    /** One sample's value from the monitor's /metrics; NaN when absent. */
    private static double metric(dev.rabbittune.monitor.Monitor monitor, String series) {
        String body;
        try {
            body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(monitor.metricsUrl()))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return body.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(series.length() + 1).trim())).findFirst().orElse(Double.NaN);
    }

    /** Two of a quorum queue's three members stopped: it has lost its quorum, a critical finding by name. */
    @Test
    @Order(5)
    void quorumQueueWithTwoMembersStoppedHasNoQuorum() throws Exception {
        Broker.script("cluster", "kill", "3");

        await().atMost(STATS_DELAY).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(findings()).anySatisfy(f -> {
                    assertThat(f.path("id").asText()).isEqualTo("quorum-queue-members-down");
                    assertThat(f.path("subject").asText()).isEqualTo(MAJORITY_QUEUE);
                    assertThat(f.path("severity").asText()).isEqualTo("critical");
                    assertThat(f.path("evidence").path("quorumLost").asBoolean()).isTrue();
                    assertThat(f.path("evidence").path("down")).hasSize(2);
                }));
    }

    private static List<String> leadersOfRebalanceQueues() {
        return StreamSupport.stream(api().get("/api/queues/%2F?columns=name,node").orElseThrow().spliterator(), false)
                .filter(q -> q.path("name").asText().startsWith("doctor-test-rebalance-"))
                .map(q -> q.path("node").asText().replaceAll("@.*", "")).distinct().toList();
    }

    private static void awaitFinding(String id, String subject) {
        await().atMost(STATS_DELAY).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(findings()).anySatisfy(f -> {
                    assertThat(f.path("id").asText()).isEqualTo(id);
                    assertThat(f.path("subject").asText()).isEqualTo(subject);
                }));
    }

    private static List<JsonNode> findings() throws IOException {
        Path json = dir.resolve("findings-" + UUID.randomUUID() + ".json");
        CliRun run = CliRun.of("doctor", "--uri", "amqp://guest:guest@localhost:5701", "--management-url", MGMT,
                "--no-host", "--json", json.toString());
        assertThat(run.exitCode()).as(run.err()).isIn(0, 1);
        JsonNode root = Json.mapper().readTree(json.toFile());
        return StreamSupport.stream(root.path("findings").spliterator(), false).toList();
    }

    private static ManagementApi api() {
        return new ManagementApi(MGMT, "guest", "guest");
    }

    private static void put(String path, String body) throws Exception {
        // HTTP/1.1: the JDK client's h2c upgrade attempt on a request with a body fails against the management API
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(MGMT + path))
                .header("Authorization", AUTH).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(201, 204);
    }

    private static String[] concat(String[] args, String extra) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = extra;
        return all;
    }
}
