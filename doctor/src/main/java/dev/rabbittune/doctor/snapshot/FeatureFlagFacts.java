package dev.rabbittune.doctor.snapshot;

/** A feature flag: name, state (enabled, disabled, unavailable) and stability (stable, experimental, required). */
public record FeatureFlagFacts(String name, String state, String stability) {
}
