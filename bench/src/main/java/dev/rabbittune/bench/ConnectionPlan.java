package dev.rabbittune.bench;

import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.client.Dispatch;

/** How the producers' and the consumers' connections of a run do their I/O and where consumer callbacks run. */
final class ConnectionPlan {

    private ConnectionPlan() {
    }

    /**
     * NIO for unlimited-rate publishing: amqp-client's NIO handler queues frames and writes them in batches, where
     * the blocking handler flushes once per publish, so the broker reads bigger chunks and the client makes fewer
     * syscalls. Paced traffic has nothing to batch, and there NIO's hand-off to its I/O thread costs more CPU
     * (measured with benchmarks/vs-perftest: 1,000 producers at 10 msg/s used about twice the CPU with NIO).
     */
    static boolean prefersNio(Workload workload) {
        return workload.ratePerProducer() == 0 && workload.producers() > 0;
    }

    static ConnectionSettings producers(Workload workload, ConnectionSettings base, IoMode io) {
        return withIo(base, io == IoMode.NIO || io == IoMode.AUTO && prefersNio(workload)
                && !coalescesWrites(workload, io, base));
    }

    /**
     * Flat-out publishers with confirms write through the blocking frame handler with their flushes
     * coalesced ({@code client.WriteCoalescing}): one write per batch of publishes, made by the publishing thread
     * itself, instead of NIO's hand-off of every frame to its I/O thread. Not with transactions or RPC, whose
     * publishing thread waits for replies, nor without confirms: a publisher that never waits for a slot would,
     * under a memory alarm, block in a socket write no interrupt ends, where NIO gives up after its enqueue timeout.
     * Not on TLS, whose sockets are not plain.
     */
    static boolean coalescesWrites(Workload workload, IoMode io) {
        return io == IoMode.AUTO && prefersNio(workload) && workload.publish().confirmWindow() > 0
                && !workload.rpc() && !Boolean.getBoolean("rabbittune.noCoalescing");
    }

    static boolean coalescesWrites(Workload workload, IoMode io, ConnectionSettings settings) {
        return coalescesWrites(workload, io) && !settings.primary().tls();
    }

    /** Consumers mostly read: their connections stay blocking unless the run asks for NIO. */
    static ConnectionSettings consumers(Workload workload, ConnectionSettings base, IoMode io) {
        ConnectionSettings settings = withIo(base, io == IoMode.NIO);
        return settings.withDispatch(consumerDispatch(workload, settings));
    }

    /**
     * Where the consumers' callbacks run. A benchmark consumer's callback only records the delivery and sends an
     * asynchronous ack every N messages, so it runs on the connection's reader thread with no hand-off per delivery
     * (measured on 1p/1c: about 20% less client CPU per message than a dispatch pool, which itself took 20% off
     * amqp-client's default). Not when a callback can block: a consumer rate limit or latency sleeps in it, a
     * transaction commit waits for the broker, and RPC servers publish replies, which wait while the broker blocks
     * publishers. Nor on NIO, whose one I/O thread serves every
     * connection. Those use one small pool shared by the consumers' connections (at most a thread per core): a
     * channel's deliveries run one at a time anyway, and the default pool of 2 x cores threads per connection hands
     * successive deliveries to different, often parked, threads.
     */
    static Dispatch consumerDispatch(Workload workload, ConnectionSettings consumers) {
        boolean neverBlocks = !workload.consume().mayBlock() && !workload.rpc();
        if (neverBlocks && !consumers.nio()) {
            return Dispatch.onIoThread();
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return Dispatch.sharedPool(Math.min(Math.max(1, workload.consumers()), cores));
    }

    private static ConnectionSettings withIo(ConnectionSettings base, boolean nio) {
        return new ConnectionSettings(base.uris(), base.heartbeatSeconds(), nio, base.automaticRecovery(),
                base.dispatch(), base.network());
    }
}
