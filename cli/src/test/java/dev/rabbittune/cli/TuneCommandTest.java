package dev.rabbittune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.core.Json;
import dev.rabbittune.testing.NeedsBroker;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rabbittune tune} against the real local broker (scripts/broker start). */
@NeedsBroker
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

    /**
     * At 2,000 msg/s, far below what this machine delivers, prefetch 1 still keeps the rate; the sweep ranks the
     * points by p99 and says which kept the rate. The plan comes from a file (its workload section sets the rate),
     * with the flags over it.
     */
    @Test
    void minP99AtATargetRateRanksThePointsThatKeptIt(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("min-p99.json");
        Path planFile = dir.resolve("plan.yaml");
        java.nio.file.Files.writeString(planFile, """
                objective: min-p99
                axes:
                  prefetch: [1, 100]
                repeat: 3
                max-repeat: 3
                slo-p99: 5
                budget: 10m
                workload:
                  producers: 1
                  consumers: 1
                  size: 100
                  confirm: 16
                  rate: 2000
                  fixed-rate: true
                  duration: 2
                  warmup: 1
                """);
        CliRun run = CliRun.of("tune", "--plan", planFile.toString(), "--slo-p99", "1000", "--json", json.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode sweep = Json.mapper().readTree(json.toFile());
        assertThat(sweep.path("plan").path("objective").asText()).isEqualTo("MIN_P99");
        assertThat(sweep.path("plan").path("sloP99Millis").asDouble()).as("the flag over the file's 5").isEqualTo(1000);
        // a budget is written as seconds (a Duration once made the whole JSON fail to write)
        assertThat(sweep.path("plan").path("budgetSeconds").asLong()).isEqualTo(600);
        assertThat(sweep.path("points")).allSatisfy(p -> assertThat(p.path("runs")).allSatisfy(r ->
                assertThat(r.path("targetRate").asDouble()).isEqualTo(2000.0)));
        JsonNode best = sweep.path("recommendation").path("best");
        assertThat(best.path("keptRate").asBoolean()).isTrue();
        double bestP99 = best.path("p99").path("median").asDouble();
        assertThat(sweep.path("points")).filteredOn(p -> p.path("meetsSlo").asBoolean())
                .allSatisfy(p -> assertThat(p.path("p99").path("median").asDouble()).isGreaterThanOrEqualTo(bestP99));
        assertThat(run.out()).contains("lowest p99 at the target rate: prefetch=");
    }

    @Test
    void objectivesRefuseABaseWorkloadTheyCannotUse() {
        CliRun noRate = CliRun.of("tune", "--objective", "min-p99", "--axis", "prefetch=1,10");
        CliRun.assertOneLineError(noRate, 2, "--objective min-p99 needs the rate to hold", "-r MSG/S");
        CliRun withRate = CliRun.of("tune", "--objective", "max-rate", "-r", "100");
        CliRun.assertOneLineError(withRate, 2, "--objective max-rate finds the rates itself");
        CliRun producers = CliRun.of("tune", "--objective", "min-p99", "-r", "100", "--axis", "producers=1,2");
        CliRun.assertOneLineError(producers, 2, "a producers axis would change the rate with it");
        CliRun noAxis = CliRun.of("tune");
        CliRun.assertOneLineError(noAxis, 2, "a sweep needs at least one axis");
        CliRun unknown = CliRun.of("tune", "--objective", "fastest", "--axis", "prefetch=1,10");
        CliRun.assertOneLineError(unknown, 2, "unknown objective 'fastest'");
    }

    @Test
    void badAxesAndImpossiblePlansAreOneLineErrorsWithExitTwo() {
        CliRun unknown = CliRun.of("tune", "--axis", "prefech=1,2");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip()).startsWith("rabbittune: unknown axis 'prefech'").doesNotContain("\tat ");
        CliRun few = CliRun.of("tune", "--axis", "prefetch=1,10", "--repeat", "2");
        assertThat(few.exitCode()).isEqualTo(2);
        assertThat(few.err()).contains("repeat must be at least 3");
    }
}
