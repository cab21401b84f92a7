package dev.rabbittune.client.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Exchanges and bindings the broker would refuse are refused first, with the reason. */
class ExchangeAndBindingSpecTest {

    @Test
    void anExchangeTakesOnlyArgumentsThatExistForItsType() {
        assertThat(ExchangeSpec.topic("orders").alternateExchange("unrouted").build().arguments())
                .containsEntry("alternate-exchange", "unrouted");
        assertThatThrownBy(() -> ExchangeSpec.direct("orders").argument("x-max-length", 10).build())
                .isInstanceOf(InvalidTopologyException.class)
                .hasMessageContaining("argument 'x-max-length' does not exist for direct exchanges");
        assertThatThrownBy(() -> ExchangeSpec.of("later", "x-delayed-message").build())
                .hasMessageContaining("needs x-delayed-type");
    }

    @Test
    void reservedAndEmptyExchangeNamesAndUnknownTypesAreRefused() {
        assertThatThrownBy(() -> ExchangeSpec.fanout("amq.mine").build()).hasMessageContaining("reserved");
        assertThatThrownBy(() -> ExchangeSpec.fanout("").build()).hasMessageContaining("1 to 255 characters");
        assertThatThrownBy(() -> ExchangeSpec.of("x", "fanoutt").build()).hasMessageContaining("unknown type");
    }

    @Test
    void aBindingCannotUseTheDefaultExchangeOrAnUnknownMatch() {
        assertThatThrownBy(() -> BindingSpec.queue("q").from("").build())
                .hasMessageContaining("the default exchange cannot be bound");
        assertThatThrownBy(() -> BindingSpec.queue("q").from("h").header("x-match", "some").build())
                .hasMessageContaining("x-match must be all, any");
        assertThatThrownBy(() -> BindingSpec.queue("q").from("t").routingKey("k".repeat(256)).build())
                .hasMessageContaining("0 to 255 bytes");
        assertThat(BindingSpec.queue("q").from("h").header("kind", "pay").match(BindingSpec.Match.ANY).build()
                .arguments()).containsEntry("x-match", "any").containsEntry("kind", "pay");
    }
}
