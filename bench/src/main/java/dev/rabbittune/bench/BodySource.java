package dev.rabbittune.bench;

import dev.rabbittune.core.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The bodies of one producer's messages: generated bodies of the workload's sizes (stamped in their first bytes), the
 * user's files in turn, or pregenerated random JSON documents. Used by one thread at a time.
 */
abstract class BodySource {

    /** The body of the next message, sent (or due) at {@code stampNanos}, {@code elapsedNanos} into the run. */
    abstract byte[] next(long stampNanos, long elapsedNanos, SplittableRandom random);

    /** The body source {@code workload} asks for. {@code reuse}: a body array may be sent again (blocking I/O). */
    static BodySource of(Workload workload, Stamps stamps, boolean reuse, List<byte[]> sharedJson) {
        MessageContent content = workload.content();
        if (!content.bodyFiles().isEmpty()) {
            return new InTurn(read(content.bodyFiles()));
        }
        if (content.jsonBody()) {
            return new InTurn(sharedJson);
        }
        return new Generated(workload.sizes(), content.variableSize(), stamps, reuse);
    }

    static List<byte[]> read(List<Path> files) {
        List<byte[]> bodies = new ArrayList<>();
        for (Path file : files) {
            try {
                bodies.add(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new BadInputException("cannot read body file " + file + ": " + e.getMessage());
            }
        }
        return bodies;
    }

    /**
     * {@code count} random JSON objects of about {@code sizeBytes} each, their field names and string values drawn
     * from {@code fieldCount} random words: PerfTest's {@code --json-body} (RandomJsonMessageBodySource) in spirit.
     */
    static List<byte[]> randomJson(int count, int fieldCount, int sizeBytes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> words = new ArrayList<>(fieldCount);
        for (int i = 0; i < fieldCount; i++) {
            StringBuilder word = new StringBuilder();
            int length = 4 + random.nextInt(12);
            for (int c = 0; c < length; c++) {
                word.append((char) ('a' + random.nextInt(26)));
            }
            words.add(word.toString());
        }
        List<byte[]> documents = new ArrayList<>(count);
        for (int d = 0; d < count; d++) {
            StringBuilder json = new StringBuilder("{");
            while (json.length() < sizeBytes - 1) {
                if (json.length() > 1) {
                    json.append(',');
                }
                json.append('"').append(words.get(random.nextInt(fieldCount))).append("\":\"")
                        .append(words.get(random.nextInt(fieldCount))).append('"');
            }
            documents.add(json.append('}').toString().getBytes(StandardCharsets.UTF_8));
        }
        return documents;
    }

    /** The user's bodies (files or JSON) one after the other; never written to, so shared. */
    private static final class InTurn extends BodySource {
        private final List<byte[]> bodies;
        private int next;

        InTurn(List<byte[]> bodies) {
            if (bodies.isEmpty()) {
                throw new BadInputException("no message bodies to send");
            }
            this.bodies = bodies;
        }

        @Override
        byte[] next(long stampNanos, long elapsedNanos, SplittableRandom random) {
            byte[] body = bodies.get(next);
            next = (next + 1) % bodies.size();
            return body;
        }
    }

    /**
     * Zeroed bodies of the workload's sizes with the stamp in their first bytes. With amqp-client's blocking frame
     * handler {@code basicPublish} has written (or buffered a copy of) the body before it returns, so bodies are
     * reused per size; with NIO the frame still references the array while it waits in the write queue, so each
     * message gets its own.
     */
    private static final class Generated extends BodySource {
        private final SizeMix sizes;
        private final VariableValues variableSize;
        private final Stamps stamps;
        private final boolean reuse;
        private final Map<Integer, byte[]> bodies = new HashMap<>();

        Generated(SizeMix sizes, VariableValues variableSize, Stamps stamps, boolean reuse) {
            this.sizes = sizes;
            this.variableSize = variableSize;
            this.stamps = stamps;
            this.reuse = reuse;
        }

        @Override
        byte[] next(long stampNanos, long elapsedNanos, SplittableRandom random) {
            int size = variableSize != null ? (int) variableSize.valueAt(elapsedNanos) : sizes.draw(random);
            byte[] body = reuse ? bodies.computeIfAbsent(size, byte[]::new) : new byte[size];
            stamps.stampBody(body, stampNanos);
            return body;
        }
    }
}
