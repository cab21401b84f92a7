package dev.rabbittune.client.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rabbittune.client.topology.PolicySpec.ApplyTo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Policies are checked against queue types and broker versions before the broker sees them. */
class PolicySpecTest {

    private static final BrokerVersion V3_10 = BrokerVersion.parse("3.10.8");
    private static final BrokerVersion V3_13 = BrokerVersion.parse("3.13.7");
    private static final BrokerVersion V4_0 = BrokerVersion.parse("4.0.5");

    @Test
    void aValidPolicyBecomesTheManagementApisBody() {
        PolicySpec policy = PolicySpec.named("limits").pattern("^orders\\.").priority(3).set("max-length", 10_000)
                .set("overflow", "reject-publish").build(V3_10);
        assertThat(policy.body()).containsEntry("pattern", "^orders\\.").containsEntry("apply-to", "queues")
                .containsEntry("priority", 3);
        assertThat(policy.definition()).containsExactly(java.util.Map.entry("max-length", 10_000),
                java.util.Map.entry("overflow", "reject-publish"));
    }

    @Test
    void anUnknownKeyIsRejectedAndNamesTheKnownOnes() {
        assertThatThrownBy(() -> PolicySpec.named("p").set("x-max-length", 10).build(V3_10))
                .isInstanceOf(InvalidTopologyException.class).hasMessageContaining("key 'x-max-length' does not exist")
                .extracting(e -> ((InvalidTopologyException) e).hint()).asString().contains("max-length");
    }

    @Test
    void aValueOfTheWrongTypeIsRejected() {
        assertThatThrownBy(() -> PolicySpec.named("p").set("message-ttl", "60000").build(V3_10))
                .isInstanceOf(InvalidTopologyException.class).hasMessageContaining("message-ttl must be an integer");
    }

    @Test
    void aKeyMustActOnWhatThePolicyAppliesTo() {
        assertThatThrownBy(() -> PolicySpec.named("p").applyTo(ApplyTo.EXCHANGES).set("max-length", 1).build(V3_10))
                .hasMessageContaining("max-length does nothing for apply-to exchanges");
        assertThatThrownBy(() -> PolicySpec.named("p").set("alternate-exchange", "ae").build(V3_10))
                .hasMessageContaining("alternate-exchange does nothing for apply-to queues");
        assertThatThrownBy(() -> PolicySpec.named("p").applyTo(ApplyTo.CLASSIC_QUEUES).set("delivery-limit", 5)
                .build(V3_13)).hasMessageContaining("delivery-limit does nothing for apply-to classic_queues");
        assertThat(PolicySpec.named("p").applyTo(ApplyTo.QUORUM_QUEUES).set("delivery-limit", 5).build(V3_13)
                .definition()).containsKey("delivery-limit");
    }

    @Test
    void versionsDecideWhatExists() {
        assertThatThrownBy(() -> PolicySpec.named("p").applyTo(ApplyTo.QUORUM_QUEUES).set("delivery-limit", 5)
                .build(V3_10)).hasMessageContaining("apply-to quorum_queues needs RabbitMQ 3.12");
        assertThatThrownBy(() -> PolicySpec.named("p").set("ha-mode", "all").build(V4_0))
                .hasMessageContaining("classic queue mirroring was removed in RabbitMQ 4.0");
        assertThatThrownBy(() -> PolicySpec.named("p").set("queue-mode", "lazy").build(V3_13))
                .hasMessageContaining("queue-mode has no effect");
        assertThat(PolicySpec.named("p").set("ha-mode", "all").build(V3_10).definition()).containsKey("ha-mode");
    }

    @Test
    void mirroringKeysGoTogether() {
        assertThatThrownBy(() -> PolicySpec.named("p").set("ha-mode", "exactly").build(V3_10))
                .hasMessageContaining("ha-mode exactly with ha-params null");
        assertThatThrownBy(() -> PolicySpec.named("p").set("ha-sync-mode", "automatic").build(V3_10))
                .hasMessageContaining("ha-mode null");
        assertThat(PolicySpec.named("p").set("ha-mode", "nodes").set("ha-params", List.of("rabbit@a"))
                .build(V3_10).definition()).containsKey("ha-params");
    }

    @Test
    void anInvalidPatternIsRejected() {
        assertThatThrownBy(() -> PolicySpec.named("p").pattern("orders.(").set("max-length", 1).build(V3_10))
                .hasMessageContaining("pattern 'orders.(' is not a valid regular expression");
    }

    @Test
    void aPluginsKeyPassesUncheckedForTheBrokerToJudge() {
        PolicySpec policy = PolicySpec.named("p").set("max-length", 1).setUnchecked("federation-upstream", "dc2")
                .build(V3_10);
        assertThat(policy.definition()).containsKeys("max-length", "federation-upstream");
    }
}
