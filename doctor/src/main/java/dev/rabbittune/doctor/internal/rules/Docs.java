package dev.rabbittune.doctor.internal.rules;

/** The RabbitMQ guides the rules cite. */
final class Docs {

    static final String BASE = "https://www.rabbitmq.com/docs/";
    static final String PRODUCTION = BASE + "production-checklist";
    static final String MEMORY = BASE + "memory";
    static final String ALARMS = BASE + "alarms";
    static final String DISK = BASE + "disk-alarms";
    static final String NETWORKING = BASE + "networking";
    static final String RUNTIME = BASE + "runtime";
    static final String CONNECTIONS = BASE + "connections";
    static final String CHANNELS = BASE + "channels";
    static final String HEARTBEATS = BASE + "heartbeats";
    static final String FLOW_CONTROL = BASE + "flow-control";
    static final String MANAGEMENT = BASE + "management";
    static final String PROMETHEUS = BASE + "prometheus";
    static final String CLUSTERING = BASE + "clustering";
    static final String PARTITIONS = BASE + "partitions";
    static final String QUORUM = BASE + "quorum-queues";
    static final String STREAMS = BASE + "streams";
    static final String CONSUMERS = BASE + "consumers";
    static final String PREFETCH = BASE + "consumer-prefetch";
    static final String CONFIRMS = BASE + "confirms";
    static final String PUBLISHERS = BASE + "publishers";
    static final String MAXLENGTH = BASE + "maxlength";
    static final String DLX = BASE + "dlx";
    /** Classic queue mirroring was removed in 4.0; its guides live on in the 3.13 documentation. */
    static final String MIRRORING = BASE + "3.13/ha";
    static final String MIGRATE_MIRRORING = BASE + "3.13/migrate-mcq-to-qq";
    static final String METADATA_STORE = BASE + "metadata-store";
    static final String KHEPRI_ENABLE = BASE + "metadata-store/how-to-enable-khepri";
    static final String DEPRECATED_FEATURES = BASE + "deprecated-features";
    static final String POLICIES = BASE + "policies";
    static final String UPGRADE = BASE + "upgrade";
    static final String FEATURE_FLAGS = BASE + "feature-flags";
    static final String ACCESS_CONTROL = BASE + "access-control";
    static final String TLS = BASE + "ssl";
    static final String PRIORITY = BASE + "priority";
    static final String LAZY = BASE + "lazy-queues";
    static final String QUEUES = BASE + "queues";
    static final String CONFIGURE = BASE + "configure";
    static final String LIMITS = BASE + "vhosts#limits";
    static final String MONITORING = BASE + "monitoring";
    static final String INSTALL_DEBIAN_LIMITS = BASE + "install-debian#kernel-resource-limits";
    static final String RELEASES = "https://www.rabbitmq.com/release-information";
    static final String KERNEL_VM = "https://docs.kernel.org/admin-guide/sysctl/vm.html";
    static final String KERNEL_IP = "https://docs.kernel.org/networking/ip-sysctl.html";
    static final String KERNEL_FS = "https://docs.kernel.org/admin-guide/sysctl/fs.html";

    private Docs() {
    }
}
