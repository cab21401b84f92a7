package dev.rabbittune.benchmarks.codecs;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Deterministic JSON order documents of an exact size: the repeated keys and varying values of a typical business
 * message, neither random bytes (incompressible) nor zeros (unrealistically compressible).
 */
final class OrderDocuments {

    private static final String[] STATUSES = {"NEW", "PAID", "PICKING", "SHIPPED", "DELIVERED"};
    private static final String[] PRODUCTS = {"Espresso beans 1kg", "Oat milk 6x1l", "Paper filters", "Grinder",
        "Travel mug", "Descaler", "Milk jug", "Cold brew kit"};
    private static final String[] CITIES = {"Lyon", "Porto", "Gent", "Aarhus", "Bologna", "Leeds"};

    private OrderDocuments() {
    }

    /** One order of exactly {@code bytes} bytes (at least 200), the same for the same size. */
    static byte[] order(int bytes) {
        Random random = new Random(bytes);
        StringBuilder json = new StringBuilder(bytes + 200);
        json.append("{\"orderId\":\"ord-").append(10_000_000 + random.nextInt(90_000_000))
                .append("\",\"createdAt\":\"2025-0").append(1 + random.nextInt(9)).append("-1")
                .append(random.nextInt(10)).append("T1").append(random.nextInt(10)).append(":")
                .append(10 + random.nextInt(50)).append(":").append(10 + random.nextInt(50)).append("Z\"")
                .append(",\"status\":\"").append(pick(STATUSES, random)).append("\",\"customer\":{\"id\":")
                .append(random.nextInt(1_000_000)).append(",\"city\":\"").append(pick(CITIES, random))
                .append("\",\"vip\":").append(random.nextBoolean()).append("},\"lines\":[");
        int closing = "],\"note\":\"\"}".length();
        for (int line = 0; ; line++) {
            String item = line(line, random);
            if (json.length() + item.length() + closing > bytes) {
                break;
            }
            json.append(item);
        }
        json.append("],\"note\":\"");
        while (json.length() < bytes - 2) {
            json.append((char) ('a' + random.nextInt(26)));
        }
        return json.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String line(int index, Random random) {
        return (index == 0 ? "" : ",") + "{\"lineNo\":" + (index + 1) + ",\"sku\":\"SKU-" + (1000 + random.nextInt(9000))
                + "\",\"name\":\"" + pick(PRODUCTS, random) + "\",\"quantity\":" + (1 + random.nextInt(5))
                + ",\"unitPrice\":" + (100 + random.nextInt(9900)) / 100.0 + ",\"currency\":\"EUR\"}";
    }

    private static String pick(String[] values, Random random) {
        return values[random.nextInt(values.length)];
    }
}
