package dev.rabbittune.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AmqpUriTest {

    @Test
    void parsesCredentialsPortAndVhostWithDefaultsForWhatIsMissing() {
        AmqpUri full = AmqpUri.parse("amqps://app:s%40cret@mq.example:5999/orders");
        assertThat(full).extracting(AmqpUri::tls, AmqpUri::host, AmqpUri::port, AmqpUri::username,
                AmqpUri::password, AmqpUri::vhost).containsExactly(true, "mq.example", 5999, "app", "s@cret", "orders");
        AmqpUri bare = AmqpUri.parse("amqp://localhost");
        assertThat(bare).extracting(AmqpUri::port, AmqpUri::username, AmqpUri::password, AmqpUri::vhost)
                .containsExactly(5672, "guest", "guest", "/");
        assertThat(AmqpUri.parse("amqps://h").port()).isEqualTo(5671);
    }

    @Test
    void toStringAndManagementUrlNeverShowThePassword() {
        AmqpUri uri = AmqpUri.parse("amqp://app:hunter2@mq:5672/%2F");
        assertThat(uri.toString()).isEqualTo("amqp://app:***@mq:5672/%2F").doesNotContain("hunter2");
        assertThat(uri.defaultManagementUrl()).isEqualTo("http://mq:15672");
    }

    @Test
    void errorsNameTheProblemWithoutThePassword() {
        assertThatThrownBy(() -> AmqpUri.parse("http://app:hunter2@mq"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("scheme must be amqp or amqps").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> AmqpUri.parse("amqp://app:hunter2@mq:port/"))
                .isInstanceOf(BadInputException.class).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> AmqpUri.parse("amqp:///vhost"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no host");
    }

    @Test
    void givenUrisWinOverTheEnvironmentWhichWinsOverLocalhost() {
        assertThat(AmqpUri.givenOrDefault(List.of("amqp://a", "amqp://b"), "amqp://env"))
                .extracting(AmqpUri::host).containsExactly("a", "b");
        assertThat(AmqpUri.givenOrDefault(List.of(), "amqp://env")).extracting(AmqpUri::host).containsExactly("env");
        assertThat(AmqpUri.givenOrDefault(null, " ")).extracting(AmqpUri::host).containsExactly("localhost");
    }

    @Test
    void aUriMovedToAnotherNodeKeepsItsCredentialsAndVhost() {
        AmqpUri moved = AmqpUri.parse("amqp://u:p%40ss@localhost:5672/my%2Fvhost").at("127.0.0.1", 5673);

        org.assertj.core.api.Assertions.assertThat(moved.raw()).isEqualTo("amqp://u:p%40ss@127.0.0.1:5673/my%2Fvhost");
        org.assertj.core.api.Assertions.assertThat(moved.password()).isEqualTo("p@ss");
        org.assertj.core.api.Assertions.assertThat(moved.vhost()).isEqualTo("my/vhost");
        org.assertj.core.api.Assertions.assertThat(moved.port()).isEqualTo(5673);
    }
}
