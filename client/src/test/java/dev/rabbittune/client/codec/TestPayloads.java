package dev.rabbittune.client.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** Deterministic message bodies for the codec tests. */
final class TestPayloads {

    private static final String[] STATUSES = {"NEW", "PAID", "SHIPPED", "CANCELLED"};

    private TestPayloads() {
    }

    /** A JSON array of order-like objects, exactly {@code bytes} long (padded with spaces inside the array). */
    static byte[] json(int bytes, long seed) {
        Random random = new Random(seed);
        StringBuilder json = new StringBuilder(bytes + 256).append('[');
        for (int i = 0; json.length() < bytes; i++) {
            json.append(i == 0 ? "" : ",").append("{\"orderId\":").append(100_000 + i)
                    .append(",\"customer\":\"c-").append(random.nextInt(5_000))
                    .append("\",\"status\":\"").append(STATUSES[random.nextInt(STATUSES.length)])
                    .append("\",\"amount\":").append(random.nextInt(100_000) / 100.0)
                    .append(",\"items\":").append(1 + random.nextInt(9)).append('}');
        }
        byte[] text = json.append(']').toString().getBytes(StandardCharsets.US_ASCII);
        if (bytes < 2) {
            return Arrays.copyOf(text, bytes);
        }
        byte[] exact = Arrays.copyOf(text, bytes);
        exact[bytes - 1] = ']';
        return exact;
    }

    static byte[] random(int bytes, long seed) {
        byte[] body = new byte[bytes];
        new Random(seed).nextBytes(body);
        return body;
    }
}
