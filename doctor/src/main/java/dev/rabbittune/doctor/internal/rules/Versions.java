package dev.rabbittune.doctor.internal.rules;

/** Compares RabbitMQ versions by release series; rules use it to apply only where a behaviour exists. */
final class Versions {

    private Versions() {
    }

    /** True when {@code version} is {@code major.minor} or later; false when unknown. */
    static boolean atLeast(String version, int major, int minor) {
        int[] series = series(version);
        return series != null && (series[0] > major || series[0] == major && series[1] >= minor);
    }

    /** True when {@code version} is known and older than {@code major.minor}. */
    static boolean before(String version, int major, int minor) {
        return series(version) != null && !atLeast(version, major, minor);
    }

    /** {major, minor}, or null when the text is not a version. */
    static int[] series(String version) {
        if (version == null) {
            return null;
        }
        String[] parts = version.split("[.+-]");
        try {
            return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
