package dev.rabbittune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rabbittune.bench.tune.Axis;
import dev.rabbittune.bench.tune.Objective;
import dev.rabbittune.bench.tune.Strategy;
import dev.rabbittune.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan file of {@code tune --plan}: no broker (a dry run measures nothing). */
class TunePlanFileTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aYamlPlanGivesEverySettingItNames() throws IOException {
        Path file = write("plan.yaml", """
                objective: min-p99
                slo-p99: 20
                repeat: 4
                max-repeat: 8
                strategy: coordinate
                budget: 15m
                axes:
                  prefetch: [1, 10, 100]
                  persistent: [true, false]
                  confirm: "16,128"
                preset: work-queue
                workload:
                  producers: 1
                  rate: 2000
                  fixed-rate: true
                  duration: 3
                """);

        TunePlanFile plan = TunePlanFile.load(file);

        assertThat(plan.objective()).isEqualTo(Objective.MIN_P99);
        assertThat(plan.sloP99Millis()).isEqualTo(20.0);
        assertThat(plan.repeat()).isEqualTo(4);
        assertThat(plan.maxRepeat()).isEqualTo(8);
        assertThat(plan.strategy()).isEqualTo(Strategy.COORDINATE);
        assertThat(plan.budget()).isEqualTo(Duration.ofMinutes(15));
        assertThat(plan.axes()).containsExactly(new Axis("prefetch", List.of(1, 10, 100)),
                new Axis("persistent", List.of(true, false)), new Axis("confirm", List.of(16, 128)));
        assertThat(plan.preset()).isEqualTo("work-queue");
        assertThat(plan.workload().rate()).isEqualTo(2000.0);
        assertThat(plan.workload().fixedRate()).isTrue();
        assertThat(plan.workload().duration()).isEqualTo(3);
    }

    @Test
    void anAxisOnTheCommandLineReplacesTheFilesInItsPlace() throws IOException {
        TunePlanFile plan = TunePlanFile.load(write("plan.json",
                "{\"axes\": {\"prefetch\": [1, 10], \"confirm\": [16]}}"));

        List<Axis> merged = plan.axesWith(List.of(Axis.parse("prefetch=50,500"), Axis.parse("consumers=1,2")));

        assertThat(merged).extracting(Axis::name).containsExactly("prefetch", "confirm", "consumers");
        assertThat(merged.get(0).values()).containsExactly(50, 500);
    }

    @Test
    void mistakesNameTheFileAndTheKey() throws IOException {
        assertThatThrownBy(() -> TunePlanFile.load(write("typo.yaml", "repeat: 3\nobjectiv: min-p99\n")))
                .isInstanceOf(BadInputException.class).hasMessageEndingWith("typo.yaml line 2: unknown key 'objectiv'");
        assertThatThrownBy(() -> TunePlanFile.load(write("axis.yaml", "axes:\n  prefetch: [1, 1.5]\n")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("axis.yaml: axes: axis prefetch takes whole numbers");
        assertThatThrownBy(() -> TunePlanFile.load(write("knob.yaml", "axes:\n  prefech: [1]\n")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("knob.yaml: axes: unknown axis 'prefech'");
        assertThatThrownBy(() -> TunePlanFile.load(write("objective.yaml", "objective: fastest\n")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("objective.yaml: objective: unknown objective 'fastest'");
        assertThatThrownBy(() -> TunePlanFile.load(write("budget.yaml", "budget: soon\n")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("budget.yaml: budget: invalid duration");
        assertThatThrownBy(() -> TunePlanFile.load(write("strategy.yaml", "strategy: random\n")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("strategy.yaml: strategy: unknown strategy "
                        + "'random'");
        assertThatThrownBy(() -> TunePlanFile.load(write("workload.yaml", "workload:\n  producer: 1\n")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("workload.yaml: workload:")
                .hasMessageContaining("producer");
        assertThatThrownBy(() -> TunePlanFile.load(write("few.yaml", "repeat: 2\n")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("few.yaml: repeat must be at least 3");
        assertThatThrownBy(() -> TunePlanFile.load(write("fraction.yaml", "repeat: 3.7\n")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("fraction.yaml line 1");
        assertThatThrownBy(() -> TunePlanFile.load(write("preset.yaml", "preset: nope\n")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("preset.yaml: preset: unknown preset 'nope'");
        assertThatThrownBy(() -> TunePlanFile.load(write("noaxes.yaml", "axes: {}\n")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("noaxes.yaml: axes is empty");
        assertThatThrownBy(() -> TunePlanFile.load(write("slo.yaml", "slo-p99: -1\n")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("slo.yaml: slo-p99 must be above 0 ms");
        assertThatThrownBy(() -> TunePlanFile.load(write("empty.yaml", "")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("the plan file is empty");
        assertThatThrownBy(() -> TunePlanFile.load(dir.resolve("missing.yaml")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("plan file not found");
    }

    @Test
    void aDryRunPrintsThePlanWithTheFlagsOverTheFileAndRunsNothing() throws IOException {
        Path file = write("plan.yaml", """
                repeat: 4
                slo-p99: 20
                axes:
                  prefetch: [1, 10, 100]
                  confirm: [16, 128]
                workload:
                  duration: 5
                """);

        // port 1 answers nothing: a dry run must not need the broker
        CliRun run = CliRun.of("tune", "--plan", file.toString(), "--repeat", "5", "--max-repeat", "7",
                "--axis", "confirm=1,16,128", "--dry-run", "--uri", "amqp://guest:guest@127.0.0.1:1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("plan: max-throughput, strategy grid, 9 points in the grid, 9 measured first, "
                + "5 runs each (up to 7)", "  prefetch: 1, 10, 100", "  confirm: 1, 16, 128", "runs of 5 s",
                // 9 points x 5 runs x (5 s + 1.5 s a run)
                "p99 SLO 20.00 ms; first pass about 293 s");
    }

    @Test
    void theBaseWorkloadLayersPresetThenPlanThenFlags() throws IOException {
        Path file = write("plan.yaml", """
                preset: work-queue
                axes:
                  prefetch: [100, 200]
                workload:
                  producers: 1
                  size: 300
                  duration: 5
                """);

        CliRun fromFile = CliRun.of("tune", "--plan", file.toString(), "--dry-run");
        // a --preset replaces the file's preset, under the file's workload; -z over the file's duration
        CliRun withFlags = CliRun.of("tune", "--plan", file.toString(), "--preset", "order-processing", "-z", "3",
                "-y", "2", "--dry-run");

        assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
        assertThat(fromFile.out()).contains("base: 1 producers, ", "size 300", "runs of 5 s");
        assertThat(withFlags.exitCode()).as(withFlags.err()).isZero();
        assertThat(withFlags.out()).contains("base: 1 producers, 2 consumers, size 300", "runs of 3 s");
    }

    @Test
    void aBadPlanFileIsOneLineWithExitTwo() throws IOException {
        Path file = write("plan.yaml", "axes:\n  prefetch: [1, 10]\nbudget: 0\n");
        CliRun.assertOneLineError(CliRun.of("tune", "--plan", file.toString(), "--dry-run"), 2,
                "plan.yaml: budget: invalid duration '0'");
    }
}
