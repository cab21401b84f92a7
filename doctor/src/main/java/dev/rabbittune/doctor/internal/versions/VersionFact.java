package dev.rabbittune.doctor.internal.versions;

/**
 * Behaviours of RabbitMQ (or of the Erlang runtime under it) that begin or end at a release, each with the source
 * it was read from. Rules and the config generator ask {@link BrokerRelease#has} instead of comparing version
 * numbers themselves, so a version fact lives in one row. Sources are tags of {@code rabbitmq/rabbitmq-server}
 * (path:line at that tag; "RN" is {@code release-notes/X.md} there) and pages of {@code rabbitmq/rabbitmq-website}.
 */
public enum VersionFact {

    /** The start script passes {@code +sbwt none +sbwtdcpu none +sbwtdio none} unless RABBITMQ_SERVER_ERL_ARGS is set. */
    START_SCRIPT_DISABLES_BUSY_WAIT(Runtime.RABBITMQ, 3, 8, 12,
            "rabbitmq-server@v3.8.12:deps/rabbit/scripts/rabbitmq-env:131-136 (absent at v3.8.11:132); RN 3.8.12"),
    /**
     * The VM limits its online schedulers to the cgroup CPU quota: cgroup v1 from OTP 23, v2 (cpu.max) from OTP 24
     * only, so the later one is the fact for a host that may be either.
     */
    SCHEDULERS_FOLLOW_CPU_QUOTA(Runtime.OTP, 24, 0, 0,
            "erl(1) +S: 'If the emulator detects that it is subject to a CPU quota, the default value for "
                    + "SchedulersOnline will be limited accordingly' (erts: cgroup v1 in OTP 23.0, cgroup v2 "
                    + "'Support cgroup2 CPU quotas', erlang/otp#2922, in OTP 24.0)"),
    /** Quorum queues keep no messages in memory: {@code x-max-in-memory-*} are accepted and ignored. */
    QUORUM_IGNORES_IN_MEMORY_LIMITS(Runtime.RABBITMQ, 3, 10, 0,
            "RN 3.10.0.md:80-84; rabbitmq-server@v4.3.5:deps/rabbit/src/rabbit_quorum_queue.erl:615-617"),
    /** Policies can apply to one queue type: {@code --apply-to classic_queues|quorum_queues|streams}. */
    POLICY_APPLY_TO_QUEUE_TYPE(Runtime.RABBITMQ, 3, 12, 0,
            "rabbitmq-server@v3.12.0:deps/rabbit/src/rabbit_policy.erl:483-485,568-573 (v3.11.28:617-621 accepts "
                    + "all|exchanges|queues only); RN 3.12.0.md:175-185"),
    /** Classic queues ignore {@code x-queue-mode = lazy}: CQ v2 behaves the same either way. */
    LAZY_MODE_IGNORED(Runtime.RABBITMQ, 3, 12, 0, "RN 3.12.0.md:13-14 ('Classic queue lazy and non-lazy modes no "
            + "longer apply')"),
    /** {@code consumer-timeout} policy key and {@code x-consumer-timeout} queue argument. */
    PER_QUEUE_CONSUMER_TIMEOUT(Runtime.RABBITMQ, 3, 12, 0,
            "rabbitmq-server@v3.12.0:deps/rabbit/src/rabbit_channel.erl:2808-2819, rabbit_policies.erl:31"),
    /** {@code rabbitmq-queues rebalance stream}. */
    REBALANCE_STREAMS(Runtime.RABBITMQ, 3, 12, 0,
            "rabbitmq-server@v3.12.14:deps/rabbitmq_cli/lib/rabbitmq/cli/queues/commands/rebalance_command.ex "
                    + "(@known_types all, classic, quorum, stream; v3.11.28 has no stream)"),
    /** Classic queue mirroring is gone; {@code ha-*} policy keys do nothing, {@code rebalance classic} is refused. */
    CLASSIC_MIRRORING_REMOVED(Runtime.RABBITMQ, 4, 0, 0,
            "rabbitmq-server@v4.0.9:deps/rabbitmq_cli/lib/rabbitmq/cli/queues/commands/rebalance_command.ex:14-16; "
                    + "RN 4.0.1.md:21-38"),
    /** Quorum queues have a default delivery limit of 20. */
    QUORUM_DEFAULT_DELIVERY_LIMIT(Runtime.RABBITMQ, 4, 0, 0, "RN 4.0.1.md:47-67 (default redelivery limit 20; -1 "
            + "disables it)"),
    /** The default memory watermark is 0.6 (0.4 before). */
    DEFAULT_WATERMARK_0_6(Runtime.RABBITMQ, 4, 0, 0, "rabbitmq-server@v4.0.9:deps/rabbit/Makefile:17 "
            + "{vm_memory_high_watermark, 0.6} (v3.13.7:17 has 0.4)"),
    /** {@code khepri_db} is a stable flag: {@code enable_feature_flag all} enables it and migrates off Mnesia. */
    ENABLE_ALL_MIGRATES_TO_KHEPRI(Runtime.RABBITMQ, 4, 2, 0,
            "rabbitmq-server@v4.2.9:deps/rabbit/src/rabbit_core_ff.erl:151 (stable; experimental at v4.1.8:151-152), "
                    + "rabbit_feature_flags.erl:413-417,466-467 (enable_all -> stable and required flags)"),
    /** Mnesia is removed: Khepri is the only metadata store and partition handling keys are accepted but inert. */
    MNESIA_REMOVED(Runtime.RABBITMQ, 4, 3, 0, "RN 4.3.0.md:8-21,81-84"),
    /** Consumer timeouts are evaluated by quorum queues only, which return the messages to the queue. */
    CONSUMER_TIMEOUT_QUORUM_ONLY(Runtime.RABBITMQ, 4, 3, 0,
            "RN 4.3.0.md:63-69,195-201; rabbitmq-server@v4.3.5:deps/rabbit/src/rabbit_channel.erl:2767-2813"),
    /** The quorum queue WAL size is {@code quorum_queue.wal_max_size_bytes}; {@code raft.wal_max_size_bytes} no longer reaches it. */
    QUORUM_WAL_KEY(Runtime.RABBITMQ, 4, 3, 0,
            "rabbitmq-server@v4.3.5:deps/rabbit/priv/schema/rabbit.schema:2648 (absent at v4.2.9), "
                    + "deps/rabbit/src/rabbit_ra_systems.erl:28,138-155");

    /** Whose version a fact follows. */
    public enum Runtime {
        RABBITMQ, OTP
    }

    private final Runtime runtime;
    private final Release since;
    private final String source;

    VersionFact(Runtime runtime, int major, int minor, int patch, String source) {
        this.runtime = runtime;
        this.since = new Release(major, minor, patch);
        this.source = source;
    }

    public Runtime runtime() {
        return runtime;
    }

    /** The first release with the behaviour. */
    public Release since() {
        return since;
    }

    /** Where the fact was read. */
    public String source() {
        return source;
    }

    /** True when {@code release} is known and has the behaviour (for a release not from a snapshot). */
    public boolean holdsFor(Release release) {
        return release != null && release.compareTo(since) >= 0;
    }
}
