package dev.rabbittune.doctor.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host probe on a /proc laid out like a real one. */
class HostProbeTest {

    /** beam.smp's arguments as RabbitMQ 3.10.8's start script leaves them (read from /proc on this machine). */
    private static final String RABBITMQ_310_CMDLINE = String.join("\0", "/usr/lib/erlang/erts-13.1.5/bin/beam.smp",
            "-W", "w", "-MBas", "ageffcbf", "-MHas", "ageffcbf", "-MBlmbcs", "512", "-MHlmbcs", "512", "-MMmcs", "30",
            "-P", "1048576", "-t", "5000000", "-stbt", "db", "-zdbbl", "128000", "-sbwt", "none", "-sbwtdcpu", "none",
            "-sbwtdio", "none", "-B", "i", "--", "-root", "/usr/lib/erlang", "--", "-noshell", "-s", "rabbit",
            "boot") + "\0";

    @Test
    void busyWaitFlagsAreReadInTheDashFormBeamReceives(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("4242"));
        Files.writeString(proc.resolve("4242/cmdline"), RABBITMQ_310_CMDLINE, StandardCharsets.UTF_8);

        var host = new HostProbe(proc, proc.resolve("no-sys")).probe("4242", null);

        assertThat(host.brokerBusyWait()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("sbwt", "none", "sbwtdcpu", "none", "sbwtdio", "none"));
    }

    @Test
    void aFlagNotGivenIsTheEmulatorsDefaultAndThePlusSpellingCountsToo() {
        assertThat(HostProbe.busyWaitFlags(java.util.List.of("beam.smp", "+sbwt", "short", "-sbwtdio", "none")))
                .containsEntry("sbwt", "short").containsEntry("sbwtdcpu", "default").containsEntry("sbwtdio", "none");
    }
}
