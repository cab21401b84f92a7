package dev.rabbittune.doctor.internal.versions;

import dev.rabbittune.doctor.snapshot.Snapshot;

/**
 * What the version-dependent rules need to know about a broker: its RabbitMQ release, the Erlang/OTP release under
 * it and whether its metadata store is Khepri. Unknown releases have no version facts (rules then say nothing or
 * give the advice that works on every version).
 *
 * @param rabbitmq the RabbitMQ release ({@code /api/overview} {@code rabbitmq_version}), null when unknown
 * @param otp      the Erlang/OTP release ({@code erlang_version}, e.g. 25.2.3), null when unknown
 * @param khepri   true when the metadata store is Khepri: {@code khepri_db} enabled, or 4.3+ where it is the only one
 */
public record BrokerRelease(Release rabbitmq, Release otp, boolean khepri) {

    /** The release facts of the snapshot's broker. */
    public static BrokerRelease of(Snapshot snapshot) {
        return of(snapshot.broker());
    }

    /** The release facts of a broker. */
    public static BrokerRelease of(dev.rabbittune.doctor.snapshot.BrokerFacts broker) {
        Release rabbitmq = Release.parse(broker.overview().rabbitmqVersion());
        Release otp = Release.parse(broker.overview().erlangVersion());
        boolean khepriFlag = broker.featureFlags().stream()
                .anyMatch(f -> "khepri_db".equals(f.name()) && "enabled".equals(f.state()));
        return new BrokerRelease(rabbitmq, otp, khepriFlag || VersionFact.MNESIA_REMOVED.holdsFor(rabbitmq));
    }

    /** True when the release the fact follows is known and has the behaviour. */
    public boolean has(VersionFact fact) {
        return fact.holdsFor(fact.runtime() == VersionFact.Runtime.OTP ? otp : rabbitmq);
    }
}
