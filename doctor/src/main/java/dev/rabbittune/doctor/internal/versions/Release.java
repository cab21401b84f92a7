package dev.rabbittune.doctor.internal.versions;

/**
 * A RabbitMQ or Erlang/OTP version as the broker reports it ({@code 3.10.8}, {@code 4.3.0-rc.1}, {@code 25.2.3}).
 * Only the numbers count: a pre-release compares as its release.
 */
public record Release(int major, int minor, int patch) implements Comparable<Release> {

    /** The release in {@code text}, or null when there is no version there. */
    public static Release parse(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.trim().split("[.+-]");
        try {
            return new Release(Integer.parseInt(parts[0]), number(parts, 1), number(parts, 2));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int number(String[] parts, int index) {
        if (parts.length <= index) {
            return 0;
        }
        String digits = parts[index].replaceAll("\\D.*$", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    /** True when this is {@code major.minor.patch} or later. */
    public boolean atLeast(int major, int minor, int patch) {
        return compareTo(new Release(major, minor, patch)) >= 0;
    }

    /** The release series, e.g. {@code 4.2}. */
    public String series() {
        return major + "." + minor;
    }

    @Override
    public int compareTo(Release other) {
        int byMajor = Integer.compare(major, other.major);
        if (byMajor != 0) {
            return byMajor;
        }
        int byMinor = Integer.compare(minor, other.minor);
        return byMinor != 0 ? byMinor : Integer.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
