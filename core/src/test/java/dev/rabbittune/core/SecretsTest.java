package dev.rabbittune.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void thePasswordOfEveryUriIsMasked() {
        assertThat(Secrets.mask("to amqps://admin:p%40ss:w0rd@host:5671/vhost and http://ops:x@mgmt:15672"))
                .isEqualTo("to amqps://admin:***@host:5671/vhost and http://ops:***@mgmt:15672");
        assertThat(Secrets.mask("queue_amqp://u:secret@h")).isEqualTo("queue_amqp://u:***@h");
        assertThat(Secrets.mask("amqp://localhost")).isEqualTo("amqp://localhost");
        assertThat(Secrets.mask("amqp://localhost:5672/vhost")).isEqualTo("amqp://localhost:5672/vhost");
        // whatever sticks to the front of a URI (an option letter, a sign, a digit) cannot hide its password
        assertThat(Secrets.mask("--uri=-amqp://u:secret@localhost")).isEqualTo("--uri=-amqp://u:***@localhost");
        assertThat(Secrets.mask("-Xamqp://u:secret@h 1amqp://u:secret@h 2.amqp://u:secret@h"))
                .isEqualTo("-Xamqp://u:***@h 1amqp://u:***@h 2.amqp://u:***@h");
        assertThat(Secrets.mask(null)).isNull();
    }

    @Test
    void longRunsOfLettersAndDigitsAreScannedInLinearTime() {
        byte[] bytes = new byte[3_000_000];
        new Random(1).nextBytes(bytes);
        String base64 = Base64.getEncoder().encodeToString(bytes).replace('/', 'x');

        // a backtracking scheme match is quadratic in a run's length: hours for 4 MB; linear, milliseconds
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThat(Secrets.mask(base64)).isEqualTo(base64));
    }
}
