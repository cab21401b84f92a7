package dev.rabbittune.client.topology;

import dev.rabbittune.core.BadInputException;

/** A RabbitMQ release, e.g. 3.10.8 (from the server properties' {@code version} or the management API overview). */
public record BrokerVersion(int major, int minor, int patch) implements Comparable<BrokerVersion> {

    public static final BrokerVersion V3_10 = new BrokerVersion(3, 10, 0);
    public static final BrokerVersion V3_12 = new BrokerVersion(3, 12, 0);
    public static final BrokerVersion V4_0 = new BrokerVersion(4, 0, 0);

    public static BrokerVersion parse(String text) {
        String[] parts = text.trim().split("[.+-]");
        try {
            return new BrokerVersion(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0,
                    parts.length > 2 && parts[2].matches("\\d+") ? Integer.parseInt(parts[2]) : 0);
        } catch (NumberFormatException e) {
            throw new BadInputException("not a RabbitMQ version: '" + text + "'");
        }
    }

    public boolean atLeast(BrokerVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(BrokerVersion o) {
        int byMajor = Integer.compare(major, o.major);
        if (byMajor != 0) {
            return byMajor;
        }
        int byMinor = Integer.compare(minor, o.minor);
        return byMinor != 0 ? byMinor : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
