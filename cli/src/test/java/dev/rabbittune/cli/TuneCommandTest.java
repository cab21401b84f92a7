package dev.rabbittune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.core.Json;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rabbittune tune} against the real local broker (scripts/broker start). */
class TuneCommandTest {

    /**
     * Prefetch 1 with a consumer on the same host acknowledges one message per round trip, so the consumer falls
     * behind a publisher with 64 confirms in flight: the sweep must find that, recommend past it, and say why.
     */
    @Test
    void aTinySweepFindsThePrefetchKneeAndRecommendsPastIt(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("tune.json");
        CliRun run = CliRun.of("tune", "--axis", "prefetch=1,100,300", "--repeat", "3", "--max-repeat", "3",
                "-x", "1", "-y", "1", "-s", "100", "-c", "64", "-z", "3", "--warmup", "1", "--slo-p99", "1000",
                "--json", json.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode sweep = Json.mapper().readTree(json.toFile());
        assertThat(sweep.path("tool").asText()).isEqualTo("rabbittune-tune");
        assertThat(sweep.path("points")).hasSize(3).allSatisfy(p -> assertThat(p.path("runs")).hasSize(3));
        JsonNode recommended = sweep.path("recommendation").path("recommended").path("settings");
        assertThat(recommended.path("prefetch").asInt()).isIn(100, 300);
        JsonNode prefetchOne = StreamSupport.stream(sweep.path("points").spliterator(), false)
                .filter(p -> p.path("settings").path("prefetch").asInt() == 1).findFirst().orElseThrow();
        double best = sweep.path("recommendation").path("best").path("throughput").path("median").asDouble();
        assertThat(prefetchOne.path("throughput").path("median").asDouble()).isLessThan(0.8 * best);
        // the knee is past prefetch 1 (at 100, or beyond the values when 300 is still clearly faster)
        assertThat(sweep.path("recommendation").path("knees").get(0).asText()).satisfiesAnyOf(k -> assertThat(k).startsWith("knee at prefetch=100:"),
                        k -> assertThat(k).contains("no knee in the values swept"));
        assertThat(run.out()).contains("use: prefetch=", "channel.basicQos(", "spring.rabbitmq.listener.simple.prefetch=");
    }

    @Test
    void badAxesAndImpossiblePlansAreOneLineErrorsWithExitTwo() {
        CliRun unknown = CliRun.of("tune", "--axis", "prefech=1,2");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip()).startsWith("rabbittune: unknown --axis 'prefech'").doesNotContain("\tat ");
        CliRun few = CliRun.of("tune", "--axis", "prefetch=1,10", "--repeat", "2");
        assertThat(few.exitCode()).isEqualTo(2);
        assertThat(few.err()).contains("--repeat must be at least 3");
    }
}
