package dev.rabbittune.doctor.snapshot;

import java.util.List;

/** A user: name and tags. Password hashes are never read into a snapshot. */
public record UserFacts(String name, List<String> tags) {

    public UserFacts {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
