package dev.rabbittune.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import dev.rabbittune.client.PublisherState.State;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** Each row of PublisherState's transition table, driven through the calls the publisher's parts make. */
class PublisherStateTest {

    private final BlockedState blocked = new BlockedState(PublisherSettings.defaults());
    private final PublisherState state = new PublisherState(blocked, new ProgressSignal());
    private final Channel channel = (Channel) Proxy.newProxyInstance(Channel.class.getClassLoader(),
            new Class<?>[] {Channel.class}, (proxy, method, args) -> switch (method.getName()) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "channel";
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void aNewPublisherIsOpenAndAnAlarmBlocksItUntilUnblocked() {
        assertThat(state.state()).isEqualTo(State.OPEN);
        blocked.handleBlocked("low on memory");
        assertThat(state.state()).isEqualTo(State.BLOCKED);
        blocked.handleUnblocked();
        assertThat(state.state()).isEqualTo(State.OPEN);
    }

    @Test
    void aConnectionFailureFromOpenBlockedOrSwitchingIsRecovering() {
        state.recoveryStarts();
        assertThat(state.state()).isEqualTo(State.RECOVERING);

        PublisherState fromBlocked = new PublisherState(blocked, new ProgressSignal());
        blocked.handleBlocked("low on memory");
        fromBlocked.recoveryStarts();
        assertThat(fromBlocked.state()).isEqualTo(State.RECOVERING);

        blocked.handleUnblocked();
        PublisherState fromSwitching = new PublisherState(blocked, new ProgressSignal());
        fromSwitching.abandon(channel);
        assertThat(fromSwitching.state()).isEqualTo(State.SWITCHING);
        fromSwitching.recoveryStarts();
        assertThat(fromSwitching.state()).isEqualTo(State.RECOVERING);
    }

    @Test
    void onlyTheNewestGenerationsRepublishingReturnsToOpen() {
        state.recoveryStarts();
        state.recoveryStarts(); // failed again before the first republishing was done
        assertThat(state.failures()).isEqualTo(2);
        state.republished(1);
        assertThat(state.state()).as("the older republishing is void").isEqualTo(State.RECOVERING);
        state.republished(2);
        assertThat(state.state()).isEqualTo(State.OPEN);
    }

    @Test
    void aRepublishingThatGaveTheChannelUpEndsSwitching() {
        state.recoveryStarts();
        state.abandon(channel); // a republished send failed after its sequence number was taken
        assertThat(state.state()).as("the channel is abandoned; recovery goes on").isEqualTo(State.RECOVERING);
        state.republished(1);
        assertThat(state.state()).isEqualTo(State.SWITCHING);
        state.switched();
        assertThat(state.state()).isEqualTo(State.OPEN);
    }

    @Test
    void aGivenUpChannelIsSwitchingUntilANewOneTakesOver() {
        state.abandon(channel);
        assertThat(state.state()).isEqualTo(State.SWITCHING);
        assertThat(state.phase().abandoned()).isSameAs(channel);
        state.switched();
        assertThat(state.state()).isEqualTo(State.OPEN);
        assertThat(state.phase().abandoned()).isNull();
    }

    @Test
    void brokenFromAnyStateAndClosingOutranksIt() {
        state.recoveryStarts();
        state.broken("the connection closed for good");
        assertThat(state.state()).isEqualTo(State.BROKEN);
        assertThat(state.brokenReason()).isEqualTo("the connection closed for good");
        state.closing();
        assertThat(state.state()).isEqualTo(State.CLOSING);
        assertThat(state.isClosing()).isTrue();
        assertThat(state.sendsRefused()).isFalse();
        state.closed();
        assertThat(state.state()).isEqualTo(State.CLOSED);
        assertThat(state.sendsRefused()).isTrue();
    }
}
