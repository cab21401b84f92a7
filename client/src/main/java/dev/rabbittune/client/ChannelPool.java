package dev.rabbittune.client;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.rabbittune.core.BadInputException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pool of channels over a few long-lived connections: opening a connection per operation (the source chapter's
 * pattern) costs a TCP and AMQP handshake each time and churns the broker; a channel costs one round trip and a
 * pooled one nothing. A borrowed channel belongs to the borrower until it is closed (returned): channels are never
 * shared between threads. Closed channels are discarded and replaced; channels idle longer than the idle timeout
 * are closed on the next borrow or return.
 *
 * <p>Give a channel back as it was lent: plain, with no confirm or transaction mode, prefetch, listeners or consumers
 * of its own, since the next borrower gets it as it is. A borrower that needs any of those closes the channel before
 * returning the lease ({@code lease.channel().close()}); the pool then discards it and opens a fresh one on demand.
 * Publishers that need confirms use {@link ReliablePublisher}, which keeps a channel of its own.
 *
 * <pre>{@code
 * try (ChannelPool pool = ChannelPool.open(settings, PoolSettings.defaults());
 *      ChannelPool.Lease lease = pool.borrow()) {
 *     lease.channel().basicPublish("", "orders", null, body);
 * }
 * }</pre>
 */
public final class ChannelPool implements AutoCloseable {

    private final PoolSettings settings;
    private final Connections connections;
    private final String name;
    private final List<Connection> open = new ArrayList<>();
    private final int[] channelsOn;
    // channels connection i can carry: the pool's setting, or the broker's channel_max when that is lower
    private final int[] capacity;
    private final int[] generation;
    // a borrower is opening connection i without the lock (a connect can take the whole connect timeout)
    private final boolean[] connecting;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition returned = lock.newCondition();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong borrowed = new AtomicLong();
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong waitNanos = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();
    private int inUse;
    private boolean closed;

    /** {@code generation} tells a channel of a replaced (failed) connection from one of its successor. */
    private record Idle(Channel channel, int connection, int generation, long sinceNanos) {
    }

    /**
     * @param maxConnections        connections the pool opens at most (channels are spread over them)
     * @param maxChannelsPerConnection channels per connection at most (the broker's {@code channel_max} is 2047)
     * @param borrowTimeout         how long {@link #borrow} waits when every channel is in use
     * @param idleTimeout           idle channels older than this are closed
     */
    public record PoolSettings(int maxConnections, int maxChannelsPerConnection, Duration borrowTimeout,
                               Duration idleTimeout) {
        public PoolSettings {
            if (maxConnections < 1 || maxChannelsPerConnection < 1 || maxChannelsPerConnection > 2047) {
                throw new BadInputException("pool needs >= 1 connection and 1..2047 channels per connection");
            }
        }

        /** 2 connections of up to 64 channels, 5 s borrow timeout, idle channels closed after 5 minutes. */
        public static PoolSettings defaults() {
            return new PoolSettings(2, 64, Duration.ofSeconds(5), Duration.ofMinutes(5));
        }
    }

    /** Counters since the pool opened; {@code inUse} and {@code idle} are current. */
    public record Stats(long created, long borrowed, int inUse, int idle, long waits, Duration waitTime,
                        long discarded) {
    }

    /** A borrowed channel; {@link #close} gives it back. */
    public final class Lease implements AutoCloseable {
        private final Channel channel;
        private final int connection;
        private final int leaseGeneration;
        private boolean returnedToPool;

        private Lease(Channel channel, int connection, int leaseGeneration) {
            this.channel = channel;
            this.connection = connection;
            this.leaseGeneration = leaseGeneration;
        }

        public Channel channel() {
            return channel;
        }

        @Override
        public void close() {
            if (!returnedToPool) {
                returnedToPool = true;
                giveBack(channel, connection, leaseGeneration);
            }
        }
    }

    private ChannelPool(ConnectionSettings connectionSettings, PoolSettings settings, String name) {
        this.settings = settings;
        // the pool replaces a failed connection itself; automatic recovery would bring back a second copy of it and of
        // the channels the pool already discarded
        this.connections = new Connections(connectionSettings.withoutRecovery());
        this.name = name;
        this.channelsOn = new int[settings.maxConnections()];
        this.capacity = new int[settings.maxConnections()];
        java.util.Arrays.fill(capacity, settings.maxChannelsPerConnection());
        this.generation = new int[settings.maxConnections()];
        this.connecting = new boolean[settings.maxConnections()];
    }

    public static ChannelPool open(ConnectionSettings connectionSettings, PoolSettings settings, String name) {
        return new ChannelPool(connectionSettings, settings, name);
    }

    /** Borrows a channel, waiting up to the borrow timeout when all are in use. */
    public Lease borrow() throws IOException, InterruptedException, TimeoutException {
        long started = System.nanoTime();
        long remaining = settings.borrowTimeout().toNanos();
        List<Channel> evicted = new ArrayList<>();
        lock.lock();
        try {
            boolean waited = false;
            while (true) {
                if (closed) {
                    throw new IllegalStateException("channel pool " + name + " is closed");
                }
                evictIdle(evicted);
                Idle ready = idle.pollFirst();
                if (ready != null) {
                    if (ready.channel().isOpen()) {
                        return lend(ready.channel(), ready.connection(), ready.generation(), started, waited);
                    }
                    forget(ready.connection(), ready.generation());
                    continue;
                }
                int connection = connectionWithRoom();
                if (connection >= 0 && !usable(connection)) {
                    if (!connecting[connection]) {
                        connectUnlocked(connection);
                        continue;
                    }
                    connection = -1; // another borrower is opening it: wait for a return or that connection
                }
                if (connection >= 0) {
                    Channel channel = openChannelUnlocked(connection);
                    if (channel != null) {
                        created.incrementAndGet();
                        return lend(channel, connection, generation[connection], started, waited);
                    }
                    continue;
                }
                if (remaining <= 0) {
                    waits.incrementAndGet();
                    waitNanos.addAndGet(System.nanoTime() - started);
                    throw new TimeoutException("no channel free in pool " + name + " within "
                            + settings.borrowTimeout().toMillis() + " ms (" + inUse + " in use)");
                }
                waited = true;
                remaining = returned.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
            closeEvicted(evicted);
        }
    }

    public Stats stats() {
        lock.lock();
        try {
            return new Stats(created.get(), borrowed.get(), inUse, idle.size(), waits.get(),
                    Duration.ofNanos(waitNanos.get()), discarded.get());
        } finally {
            lock.unlock();
        }
    }

    /** True when every connection the pool opened is open (a closed one is replaced on the next borrow). */
    public boolean isHealthy() {
        lock.lock();
        try {
            return open.stream().allMatch(Connection::isOpen);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Connection connection : open) {
                try {
                    connection.close(5_000);
                } catch (IOException | RuntimeException e) {
                    // already closed
                }
            }
            idle.clear();
            returned.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Lease lend(Channel channel, int connection, int gen, long started, boolean waited) {
        inUse++;
        borrowed.incrementAndGet();
        if (waited) {
            waits.incrementAndGet();
            waitNanos.addAndGet(System.nanoTime() - started);
        }
        return new Lease(channel, connection, gen);
    }

    private void giveBack(Channel channel, int connection, int gen) {
        List<Channel> evicted = new ArrayList<>();
        lock.lock();
        try {
            inUse--;
            if (closed) {
                return;
            }
            if (channel.isOpen() && gen == generation[connection]) {
                idle.addFirst(new Idle(channel, connection, gen, System.nanoTime())); // most recent first: warm
            } else {
                forget(connection, gen); // a channel error closed it: a fresh one replaces it on demand
                abort(channel);
            }
            evictIdle(evicted);
            returned.signal();
        } finally {
            lock.unlock();
            closeEvicted(evicted);
        }
    }

    private void forget(int connection, int gen) {
        if (gen == generation[connection]) {
            channelsOn[connection]--;
        }
        discarded.incrementAndGet();
    }

    /** Takes the channels idle too long out of the pool into {@code evicted}, to close once the lock is free. */
    private void evictIdle(List<Channel> evicted) {
        long limit = System.nanoTime() - settings.idleTimeout().toNanos();
        while (!idle.isEmpty() && idle.peekLast().sinceNanos() < limit) {
            Idle old = idle.pollLast();
            forget(old.connection(), old.generation());
            discarded.decrementAndGet(); // evicted, not broken
            evicted.add(old.channel());
        }
    }

    /** Closing waits for the broker's close-ok: never under the lock every borrow and return needs. */
    private static void closeEvicted(List<Channel> evicted) {
        for (Channel channel : evicted) {
            try {
                channel.close();
            } catch (IOException | TimeoutException | RuntimeException e) {
                // best effort
            }
        }
    }

    private static void abort(Channel channel) {
        try {
            channel.abort();
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }

    private int connectionWithRoom() {
        int best = -1;
        for (int i = 0; i < channelsOn.length; i++) {
            if (channelsOn[i] < capacity[i] && (best < 0 || channelsOn[i] < channelsOn[best])) {
                best = i;
            }
        }
        return best;
    }

    private boolean usable(int index) {
        Connection connection = index < open.size() ? open.get(index) : null;
        return connection != null && connection.isOpen();
    }

    /**
     * Opens a channel on connection {@code index} with the lock released (a round trip, which on a half-dead
     * connection lasts until the heartbeat gives up), counting it against the connection meanwhile; call with the
     * lock held.
     *
     * @return the channel, or null when the connection was replaced meanwhile or has no channel number left
     */
    private Channel openChannelUnlocked(int index) throws IOException {
        Connection connection = open.get(index);
        int gen = generation[index];
        channelsOn[index]++;
        lock.unlock();
        Channel channel = null;
        try {
            channel = connection.createChannel();
        } finally {
            lock.lock();
            if (channel == null && gen == generation[index]) {
                channelsOn[index]--;
                returned.signalAll(); // the count it held may be the room a waiting borrower needs
            }
        }
        if (channel == null) {
            if (gen == generation[index]) {
                capacity[index] = Math.min(capacity[index], channelsOn[index]); // the broker allows no more on it
            }
            return null;
        }
        if (gen != generation[index] || closed) {
            abort(channel);
            return null;
        }
        return channel;
    }

    /**
     * Opens connection {@code index} with the lock released, so that returns and other borrowers go on meanwhile, and
     * installs it; call with the lock held. A connection it replaces failed: its channels are dead, whether idle here
     * or still lent out.
     */
    private void connectUnlocked(int index) {
        connecting[index] = true;
        lock.unlock();
        Connection fresh = null;
        try {
            fresh = connections.open(name + "-" + index, index);
        } finally {
            lock.lock();
            connecting[index] = false;
            returned.signalAll();
        }
        while (open.size() <= index) {
            open.add(null);
        }
        Connection old = open.set(index, fresh);
        int brokerMax = fresh.getChannelMax(); // negotiated; 0 means no limit
        capacity[index] = brokerMax > 0 ? Math.min(settings.maxChannelsPerConnection(), brokerMax)
                : settings.maxChannelsPerConnection();
        if (old != null) {
            generation[index]++;
            channelsOn[index] = 0;
            idle.removeIf(i -> i.connection() == index);
            old.abort(); // closed already: releases what is left of it at once
        }
        if (closed) {
            fresh.abort(); // the pool closed while this connected
        }
    }
}
