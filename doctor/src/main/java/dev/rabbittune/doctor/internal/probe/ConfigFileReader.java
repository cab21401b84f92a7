package dev.rabbittune.doctor.internal.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the keys of a {@code rabbitmq.conf} (sysctl-like {@code key = value} format) when the file is visible on
 * this machine. Values of keys that may hold secrets are dropped, so a snapshot never carries them.
 */
public final class ConfigFileReader {

    private static final Pattern SECRET = Pattern.compile("(?i).*(pass|secret|token|cookie|credential).*");

    private ConfigFileReader() {
    }

    /** The keys of {@code file}; null when it does not exist or cannot be read. */
    public static Map<String, String> read(Path file) {
        if (!Files.isReadable(file)) {
            return null;
        }
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            return null;
        }
    }

    static Map<String, String> parse(String text) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            String trimmed = line.trim();
            int equals = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || equals <= 0) {
                continue;
            }
            String key = trimmed.substring(0, equals).trim();
            String value = trimmed.substring(equals + 1).trim();
            keys.put(key, SECRET.matcher(key).matches() ? "(removed)" : value);
        }
        return keys;
    }
}
