package dev.rabbittune.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BrokerCloseTest {

    private static ShutdownSignalException closedBy(boolean byApplication, com.rabbitmq.client.Method reason,
                                                    boolean hard) {
        return new ShutdownSignalException(hard, byApplication, reason, null);
    }

    @Test
    void aChannelTheBrokerClosedGivesItsCodeAndTextFromAnywhereInTheCauseChain() {
        AMQP.Channel.Close close = new AMQP.Channel.Close.Builder().replyCode(406)
                .replyText("PRECONDITION_FAILED - inequivalent arg 'x-max-length'").build();
        IOException wrapped = new IOException("declare failed", closedBy(false, close, false));

        assertThat(BrokerClose.of(new RuntimeException(wrapped))).contains(
                new BrokerClose(406, "PRECONDITION_FAILED - inequivalent arg 'x-max-length'", false));
    }

    @Test
    void anInequivalentArgumentRefusalNamesTheArgumentBothValuesAndTheQueue() {
        BrokerClose close = new BrokerClose(406, "PRECONDITION_FAILED - inequivalent arg 'x-max-length' for queue "
                + "'orders' in vhost '/': received the value '10' of type 'signedint' but current is none", false);

        assertThat(close.inequivalentArgument()).contains(new BrokerClose.InequivalentArgument("x-max-length",
                "queue", "orders", "the value '10' of type 'signedint'", "none"));
        assertThat(new BrokerClose(404, "NOT_FOUND - no queue 'q' in vhost '/'", false).inequivalentArgument())
                .isEmpty();
    }

    @Test
    void aConnectionTheBrokerClosedIsConnectionLevel() {
        AMQP.Connection.Close close = new AMQP.Connection.Close.Builder().replyCode(320)
                .replyText("CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'").build();

        assertThat(BrokerClose.of(closedBy(false, close, true))).hasValueSatisfying(c -> {
            assertThat(c.replyCode()).isEqualTo(320);
            assertThat(c.connectionLevel()).isTrue();
        });
    }

    @Test
    void theApplicationsOwnCloseAndOtherFailuresAreNoBrokerClose() {
        AMQP.Channel.Close ours = new AMQP.Channel.Close.Builder().replyCode(200).replyText("OK").build();

        assertThat(BrokerClose.of(closedBy(true, ours, false))).isEmpty();
        assertThat(BrokerClose.of(new IOException("connection reset"))).isEmpty();
        assertThat(BrokerClose.of(null)).isEmpty();
    }
}
