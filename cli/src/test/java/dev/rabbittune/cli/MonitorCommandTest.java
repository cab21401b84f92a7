package dev.rabbittune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.testing.NeedsBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rabbittune monitor}'s bad input and its generators, through the command line. */
@NeedsBroker
class MonitorCommandTest {

    @Test
    void aPortInUseIsOneLineAndExitTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("monitor", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--canary-interval", "0");
            CliRun.assertOneLineError(run, 2, "cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void anInvalidRegexIsOneLineAndExitTwo() {
        CliRun.assertOneLineError(CliRun.of("monitor", "--queue-include", "orders(", "--listen", "127.0.0.1:0"), 2,
                "queue-include 'orders(' is not a regular expression");
    }

    @Test
    void wrongCredentialsAndAnUnreachableBrokerAreExitThree() {
        CliRun refused = CliRun.of("monitor", "--uri", "amqp://guest:wrong-pw@localhost", "--listen", "127.0.0.1:0");
        CliRun.assertOneLineError(refused, 3, "refused the credentials (401)");
        assertThat(refused.err()).doesNotContain("wrong-pw");
        // port 1 answers nothing on this machine
        CliRun nowhere = CliRun.of("monitor", "--management-url", "http://127.0.0.1:1", "--listen", "127.0.0.1:0");
        CliRun.assertOneLineError(nowhere, 3, "cannot reach the management API");
    }

    @Test
    void aWebConfigWithABadHashIsOneLineAndExitTwoBeforeAnythingConnects(@TempDir Path folder) throws Exception {
        Path web = folder.resolve("web.yml");
        Files.writeString(web, "basic_auth_users:\n  prom: plain-text-password\n");
        // the management URL answers nothing: the web config is refused before it is tried
        CliRun run = CliRun.of("monitor", "--web.config.file", web.toString(), "--management-url",
                "http://127.0.0.1:1", "--listen", "127.0.0.1:0");
        CliRun.assertOneLineError(run, 2, "web config " + web + ": basic_auth_users: the hash of 'prom' is not a "
                + "bcrypt hash", "htpasswd -nBC 10");
        assertThat(run.err()).doesNotContain("plain-text-password");
    }

    @Test
    void aListenAddressWithoutPortIsRefused() {
        CliRun.assertOneLineError(CliRun.of("monitor", "--listen", "localhost"), 2, "has no port");
    }

    @Test
    void theGeneratorsWriteTheirFiles(@TempDir Path folder) throws Exception {
        Path dashboard = folder.resolve("dashboard.json");
        Path rules = folder.resolve("rules.yml");

        assertThat(CliRun.of("monitor", "dashboard", "-o", dashboard.toString()).exitCode()).isZero();
        assertThat(CliRun.of("monitor", "rules", "-o", rules.toString(), "--slo-latency", "0.05").exitCode()).isZero();

        assertThat(Files.readString(dashboard)).contains("\"templating\"").contains("rabbittune_canary_latency");
        assertThat(Files.readString(rules)).contains("le=\\\"0.05\\\"").contains("CanaryLatencySloFastBurn");
        CliRun.assertOneLineError(CliRun.of("monitor", "rules", "--slo-latency", "0.07"), 2,
                "one of the canary's buckets");
    }
}
