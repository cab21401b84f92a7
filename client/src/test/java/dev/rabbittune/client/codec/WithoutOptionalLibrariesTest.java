package dev.rabbittune.client.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application without zstd-jni, lz4-java and snappy-java (optional dependencies): the JDK's codecs work, and
 * asking for another is one clear error naming the artifact to add. Run in a JVM whose class path is this test's
 * without those three jars.
 */
class WithoutOptionalLibrariesTest {

    @TempDir
    Path dir;

    @Test
    void theJdksCodecsWorkAndTheOthersNameTheirArtifact() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String without = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.contains("zstd-jni") && !entry.contains("lz4-java")
                        && !entry.contains("snappy-java"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(without).as("the three jars were on the class path to leave out").isNotEqualTo(classPath);
        Path probe = dir.resolve("Probe.java");
        Files.writeString(probe, """
                import dev.rabbittune.client.codec.CodecException;
                import dev.rabbittune.client.codec.Codecs;

                public class Probe {
                    public static void main(String[] args) {
                        for (String name : new String[] {"gzip", "deflate", "zip"}) {
                            byte[] encoded = Codecs.named(name).encode("hello".getBytes());
                            System.out.println(name + " " + new String(Codecs.decode(name, encoded)));
                        }
                        for (String name : new String[] {"zstd", "lz4", "snappy"}) {
                            try {
                                Codecs.named(name, 1024);
                                System.out.println(name + " loaded");
                            } catch (CodecException e) {
                                System.out.println(e.getMessage());
                            }
                        }
                    }
                }
                """);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", without, probe.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.lines().toList()).containsExactly("gzip hello", "deflate hello", "zip hello",
                "content_encoding 'zstd': needs com.github.luben:zstd-jni on the class path: add it to the "
                        + "application's dependencies (an optional dependency of rabbittune-client, for the codecs "
                        + "used; on the module path, also resolve its module)",
                "content_encoding 'lz4': needs at.yawk.lz4:lz4-java on the class path: add it to the application's "
                        + "dependencies (an optional dependency of rabbittune-client, for the codecs used; on the "
                        + "module path, also resolve its module)",
                "content_encoding 'snappy': needs org.xerial.snappy:snappy-java on the class path: add it to the "
                        + "application's dependencies (an optional dependency of rabbittune-client, for the codecs "
                        + "used; on the module path, also resolve its module)");
        assertThat(List.of(output)).noneMatch(o -> o.contains("Exception in thread"));
    }
}
