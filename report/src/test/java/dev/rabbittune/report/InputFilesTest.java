package dev.rabbittune.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rabbittune.core.BadInputException;
import dev.rabbittune.core.RabbitTuneException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {

    @TempDir
    Path folder;

    @Test
    void eachKindIsToldApartByItsToolField() {
        assertThat(InputFiles.read(Fixtures.path("bench-confirms.json"))).isInstanceOf(BenchInput.class);
        assertThat(InputFiles.read(Fixtures.path("sweep-prefetch.json"))).isInstanceOf(SweepInput.class);
        assertThat(InputFiles.read(Fixtures.path("doctor.json"))).isInstanceOf(FindingsInput.class);
    }

    @Test
    void anotherToolsFileIsRefusedNamingTheTool() throws IOException {
        Path perfTest = write("perftest.json", "{\"tool\": \"perf-test\", \"send-rates\": [1, 2]}");

        assertThatThrownBy(() -> InputFiles.read(perfTest)).isInstanceOf(BadInputException.class)
                .hasMessage(perfTest + " is not a rabbittune result (tool: perf-test)")
                .satisfies(e -> assertThat(((BadInputException) e).kind())
                        .isEqualTo(RabbitTuneException.Kind.BAD_INPUT));
    }

    @Test
    void aNewerFormatIsRefusedNotHalfRead() throws IOException {
        ObjectNode sweep = Fixtures.tree("sweep-prefetch.json");
        sweep.put("formatVersion", InputFiles.SWEEP_FORMAT + 1);
        Path file = write("future.json", sweep.toString());

        assertThatThrownBy(() -> InputFiles.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("is a sweep in format 2, newer than this rabbittune reads (1)");
    }

    @Test
    void aSweepWithoutPointsIsRefusedWithWhyItStopped() throws IOException {
        ObjectNode sweep = Fixtures.tree("sweep-prefetch.json");
        sweep.putArray("points");
        sweep.put("stoppedBecause", "interrupted");
        Path file = write("empty.json", sweep.toString());

        assertThatThrownBy(() -> InputFiles.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("a sweep without a single finished point")
                .hasMessageContaining("stopped because: interrupted");
    }

    @Test
    void missingAndMalformedFilesGetOneLineEach() throws IOException {
        Path missing = folder.resolve("nope.json");
        Path broken = write("broken.json", "{\"tool\": ");

        assertThatThrownBy(() -> InputFiles.read(missing)).hasMessage("result file " + missing + " not found");
        assertThatThrownBy(() -> InputFiles.read(broken)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(broken + " is not JSON");
    }

    @Test
    void aBenchResultWithAnUndecodableHistogramIsRefused() throws IOException {
        ObjectNode bench = Fixtures.tree("bench-confirms.json");
        com.fasterxml.jackson.databind.JsonNode samples = bench.withArray("samples");
        for (int i = 0; i < samples.size(); i++) {
            // warm-up samples stay out of the spectrum, so only a run sample's histogram is decoded
            if (samples.get(i).path("phase").asText().equals("run")) {
                ((ObjectNode) samples.get(i)).put("latencyHistogram", "bm90IGEgaGlzdG9ncmFt");
                break;
            }
        }
        Path file = write("bad-histogram.json", bench.toString());

        assertThatThrownBy(() -> InputFiles.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("a latency histogram cannot be decoded");
    }

    @Test
    void doctorReportsWrittenBeforeTheToolFieldAreStillRead() throws IOException {
        ObjectNode doctor = Fixtures.tree("doctor.json");
        doctor.remove("tool");
        doctor.remove("formatVersion");

        assertThat(InputFiles.read(write("old-doctor.json", doctor.toString()))).isInstanceOf(FindingsInput.class);
    }

    @Test
    void passwordsInAnyFieldNeverReachTheReport() throws IOException {
        ObjectNode bench = Fixtures.tree("bench-confirms.json");
        bench.with("broker").put("uri", "amqp://admin:s3cret-pw@broker.example:5672/prod");
        bench.withArray("warnings").add("connection to amqps://admin:s3cret-pw@other:5671 lost");
        ObjectNode doctor = Fixtures.tree("doctor.json");
        doctor.with("summary").put("source", "http://ops:s3cret-pw@mgmt:15672");
        Report report = Report.read(List.of(write("a.json", bench.toString()), write("d.json", doctor.toString())));

        assertThat(report.html()).doesNotContain("s3cret-pw").contains("amqp://admin:***@broker.example:5672/prod");
        assertThat(report.markdown()).doesNotContain("s3cret-pw").contains("http://ops:***@mgmt:15672");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(folder.resolve(name), text);
    }
}
