package dev.rabbittune.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rabbittune.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Result files recorded from real runs on the local RabbitMQ 3.10.8 (see fixtures/README.md): a bench run with
 * confirms and a warm-up, one without confirms, two sweeps and a doctor report.
 */
final class Fixtures {

    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("fixture " + name + " is missing", e);
        }
    }

    static ObjectNode tree(String name) {
        try {
            return (ObjectNode) Json.mapper().readTree(path(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
