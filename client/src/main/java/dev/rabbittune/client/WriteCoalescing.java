package dev.rabbittune.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;

/**
 * One write system call for many publishes. amqp-client's blocking frame handler flushes its socket after every
 * command, so a thread publishing flat out makes a {@code write} per message; on connections opened with
 * {@link Connections#coalescingWrites()} a thread that called {@link #deferFlushes} has its flushes held back
 * (up to {@value #HELD_BYTES} bytes) until it calls {@link #flushDeferred} — before it waits for anything from the
 * broker, or when it pauses. Flushes by any other thread (heartbeats, the close handshake) and by this thread while
 * not deferring go out at once and carry whatever was held, in order, so nothing is reordered or left behind.
 *
 * <p>Only for a thread that never waits for a broker reply while deferring: a synchronous call (a transaction's
 * commit, a declare) would wait for a reply to a request that was never sent. The benchmark's flat-out publishers
 * defer; they flush before they wait for a confirm slot and when they stop.
 */
public final class WriteCoalescing {

    static final int HELD_BYTES = 32 * 1024;

    private static final ThreadLocal<List<CoalescingStream>> DEFERRED = new ThreadLocal<>();

    private WriteCoalescing() {
    }

    /** From now on, flushes by this thread on coalescing connections are held until {@link #flushDeferred}. */
    public static void deferFlushes() {
        if (DEFERRED.get() == null) {
            DEFERRED.set(new ArrayList<>(2));
        }
    }

    /** Sends what this thread held back; with {@code stop}, its flushes go out at once again. */
    public static void flushDeferred(boolean stop) throws IOException {
        List<CoalescingStream> held = DEFERRED.get();
        if (held == null) {
            return;
        }
        IOException failure = null;
        for (CoalescingStream stream : held) {
            try {
                stream.flushHeld();
            } catch (IOException e) {
                failure = e;
            }
        }
        held.clear();
        if (stop) {
            DEFERRED.remove();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Plain sockets whose output stream coalesces as described above. */
    static SocketFactory socketFactory() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return new CoalescingSocket();
            }

            @Override
            public Socket createSocket(String host, int port) {
                throw new UnsupportedOperationException("amqp-client creates unconnected sockets");
            }

            @Override
            public Socket createSocket(String host, int port, java.net.InetAddress local, int localPort) {
                throw new UnsupportedOperationException("amqp-client creates unconnected sockets");
            }

            @Override
            public Socket createSocket(java.net.InetAddress host, int port) {
                throw new UnsupportedOperationException("amqp-client creates unconnected sockets");
            }

            @Override
            public Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress local,
                                       int localPort) {
                throw new UnsupportedOperationException("amqp-client creates unconnected sockets");
            }
        };
    }

    private static final class CoalescingSocket extends Socket {
        private CoalescingStream stream;

        @Override
        public synchronized void close() throws IOException {
            if (stream != null) {
                stream.closed = true;
            }
            super.close();
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new CoalescingStream(super.getOutputStream());
            }
            return stream;
        }
    }

    /** Holds bytes until a flush that is not deferred, a {@link #flushHeld}, or {@link #HELD_BYTES} of them. */
    private static final class CoalescingStream extends OutputStream {
        private final OutputStream socket;
        private final byte[] held = new byte[2 * HELD_BYTES];
        private int count;
        private volatile boolean closed;

        CoalescingStream(OutputStream socket) {
            this.socket = socket;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            if (count == held.length) {
                drain();
            }
            held[count++] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            if (count + length > held.length) {
                drain();
            }
            if (length > held.length) {
                socket.write(bytes, offset, length);
                return;
            }
            System.arraycopy(bytes, offset, held, count, length);
            count += length;
        }

        @Override
        public void flush() throws IOException {
            List<CoalescingStream> deferred = DEFERRED.get();
            synchronized (this) {
                if (deferred != null && count < HELD_BYTES) {
                    if (!deferred.contains(this)) {
                        deferred.add(this);
                    }
                    return;
                }
                drain();
            }
        }

        synchronized void flushHeld() throws IOException {
            if (closed) {
                count = 0; // the connection failed and was replaced: its bytes have nowhere to go
                return;
            }
            drain();
        }

        @Override
        public synchronized void close() throws IOException {
            closed = true;
            try {
                drain();
            } finally {
                socket.close();
            }
        }

        /** Sends what is held; on a failed socket the bytes are dropped (recovery opens a new socket). */
        private void drain() throws IOException {
            try {
                if (count > 0) {
                    socket.write(held, 0, count);
                }
                socket.flush();
            } finally {
                count = 0;
            }
        }
    }
}
