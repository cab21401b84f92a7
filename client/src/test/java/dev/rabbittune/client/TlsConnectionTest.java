package dev.rabbittune.client;

import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.rabbittune.core.AmqpUri;
import dev.rabbittune.core.BrokerUnreachableException;
import dev.rabbittune.testing.NeedsTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * amqps against a TLS listener started on the local broker for this test, with a CA and server certificate the test
 * generates (openssl) and a trust store it builds (keytool).
 */
@NeedsBroker
@NeedsTools
class TlsConnectionTest {

    private static final int PORT = 5671;
    private static Path dir;

    @BeforeAll
    static void startTlsListener() throws Exception {
        dir = Files.createTempDirectory("rabbittune-tls", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=rabbittune-test-ca");
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=localhost");
        Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf");
        run("keytool", "-importcert", "-noprompt", "-storetype", "PKCS12", "-keystore", "trust.p12", "-storepass",
                "changeit", "-alias", "ca", "-file", "ca.pem");
        for (String file : List.of("ca.pem", "server.pem", "server.key")) {
            Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
        }
        Broker.rabbitmqctl("eval", "rabbit_networking:start_ssl_listener(" + PORT + ", [{cacertfile,\""
                + dir.resolve("ca.pem") + "\"},{certfile,\"" + dir.resolve("server.pem") + "\"},{keyfile,\""
                + dir.resolve("server.key") + "\"},{verify,verify_none},{fail_if_no_peer_cert,false}], 1, 1).");
    }

    @AfterAll
    static void stopTlsListener() throws Exception {
        Broker.rabbitmqctl("eval", "rabbit_networking:stop_tcp_listener(" + PORT + ").");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static ConnectionSettings amqps(NetworkOptions network) {
        return new ConnectionSettings(List.of(AmqpUri.parse("amqps://localhost:" + PORT)), 60, false, false,
                Dispatch.perConnection(), network);
    }

    @Test
    void connectsWithTheGivenTrustStoreAndCarriesMessages() throws Exception {
        ConnectionSettings settings = amqps(NetworkOptions.defaults().withTrustStore(dir.resolve("trust.p12"),
                "changeit"));
        try (Connection connection = new Connections(settings).open("test-tls");
             Channel channel = connection.createChannel()) {
            String queue = channel.queueDeclare().getQueue();
            channel.basicPublish("", queue, null, "over tls".getBytes());
            channel.confirmSelect();
            channel.waitForConfirmsOrDie(5000);
            assertThat(new String(channel.basicGet(queue, true).getBody())).isEqualTo("over tls");
        }
    }

    @Test
    void aServerCertificateNotSignedByATrustedCaIsRefused() {
        assertThatThrownBy(() -> new Connections(amqps(NetworkOptions.defaults())).open("test-tls-untrusted"))
                .isInstanceOf(BrokerUnreachableException.class)
                .hasMessageContaining("cannot connect to amqps://localhost:5671");
    }
}
