package dev.rabbittune.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy that delays every byte by a fixed one-way latency in each direction, as a network between client and
 * broker would: what the loopback interface hides (its round trip is about 0.05 ms) and what decides how slow
 * round-trip-bound patterns (a transaction commit per batch, {@code basic.get} per message) are in production. The
 * kernel's netem would do the same, but this machine's kernel has no netem.
 *
 * <p>Each direction of each connection has a reader thread, which stamps each chunk read with its due time, and a
 * writer thread, which sends the chunks in order once due. Bandwidth is not limited.
 *
 * <p>Usage: LatencyProxy LISTEN_PORT TARGET_HOST TARGET_PORT ROUND_TRIP_MILLIS (runs until killed)
 */
public final class LatencyProxy {

    private record Chunk(long dueNanos, byte[] bytes) {
    }

    private static final Chunk END = new Chunk(0, new byte[0]);

    public static void main(String[] args) throws IOException {
        int listenPort = Integer.parseInt(args[0]);
        InetSocketAddress target = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        long oneWayNanos = (long) (Double.parseDouble(args[3]) * 1e6 / 2);
        try (ServerSocket server = new ServerSocket(listenPort)) {
            System.out.printf("proxy listening on %d -> %s, round trip %s ms%n", listenPort, target, args[3]);
            while (true) {
                Socket client = server.accept();
                Socket broker = new Socket();
                broker.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                try {
                    broker.connect(target);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                try {
                    pipe(client, broker, oneWayNanos);
                    pipe(broker, client, oneWayNanos);
                } catch (IOException e) {
                    // the client left at once (a readiness probe) and the first pipe closed both sockets already:
                    // this connection is over, the proxy is not
                    client.close();
                    broker.close();
                }
            }
        }
    }

    private static void pipe(Socket from, Socket to, long delayNanos) throws IOException {
        BlockingQueue<Chunk> inFlight = new LinkedBlockingQueue<>();
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        daemon(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    inFlight.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, read)));
                }
            } catch (IOException e) {
                // the connection is gone: pass the end on
            }
            inFlight.add(END);
        });
        daemon(() -> {
            try {
                for (Chunk chunk = inFlight.take(); chunk != END; chunk = inFlight.take()) {
                    long wait;
                    while ((wait = chunk.dueNanos() - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    out.write(chunk.bytes());
                }
            } catch (IOException | InterruptedException e) {
                // the other side is gone
            }
            try {
                from.close();
                to.close();
            } catch (IOException e) {
                // closing anyway
            }
        });
    }

    private static void daemon(Runnable body) {
        Thread thread = new Thread(body);
        thread.setDaemon(true);
        thread.start();
    }

    private LatencyProxy() {
    }

}
