package dev.rabbittune.doctor;

import dev.rabbittune.doctor.snapshot.Snapshot;
import java.util.List;
import java.util.function.Function;

/**
 * A pure check: the same snapshot always gives the same findings, and nothing is read from outside the snapshot.
 * A rule is silent about what the snapshot could not see (null facts).
 */
public interface Rule {

    /** The id of the findings this rule produces (stable, kebab-case). */
    String id();

    /** The findings for {@code snapshot}; empty when all is well. */
    List<Finding> evaluate(Snapshot snapshot);

    /** A rule from an id and a function. */
    static Rule of(String id, Function<Snapshot, List<Finding>> check) {
        return new Rule() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public List<Finding> evaluate(Snapshot snapshot) {
                return check.apply(snapshot);
            }

            @Override
            public String toString() {
                return id;
            }
        };
    }
}
