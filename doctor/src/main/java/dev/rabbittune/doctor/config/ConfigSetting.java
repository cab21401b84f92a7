package dev.rabbittune.doctor.config;

import java.util.Objects;

/**
 * One line of a generated file ({@code key = value} in rabbitmq.conf and sysctl.d, {@code Key=value} in a systemd
 * drop-in) with the reason it has this value, which goes into the file as a comment and into the README.
 *
 * @param key   the setting's name, e.g. {@code vm_memory_high_watermark.relative}
 * @param value its value as written in the file
 * @param why   one sentence: what it does and what in the snapshot sized it
 */
public record ConfigSetting(String key, String value, String why) {

    public ConfigSetting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(why, "why");
        if (key.isBlank() || value.isBlank()) {
            throw new IllegalArgumentException("a config setting needs a key and a value: '" + key + "'");
        }
    }
}
