package dev.rabbittune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A deferring thread's flushes are held until it flushes them; anyone else's flush sends everything, in order. */
class WriteCoalescingTest {

    @Test
    void heldFlushesGoOutOnFlushDeferredOrWithAnotherThreadsFlush() throws Exception {
        try (ServerSocket server = new ServerSocket(0);
             Socket client = WriteCoalescing.socketFactory().createSocket()) {
            client.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()));
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(200);
                InputStream in = peer.getInputStream();
                OutputStream out = client.getOutputStream();
                WriteCoalescing.deferFlushes();
                try {
                    out.write(new byte[] {1, 2});
                    out.flush();
                    assertNothingArrivesFor50Ms(in); // held while deferring
                    WriteCoalescing.flushDeferred(false);
                    assertThat(in.readNBytes(2)).containsExactly(1, 2);

                    out.write(3);
                    out.flush();
                    assertNothingArrivesFor50Ms(in);
                    // a heartbeat from another thread carries what was held, in order
                    CompletableFuture.runAsync(() -> {
                        try {
                            out.write(4);
                            out.flush();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).get();
                    assertThat(in.readNBytes(2)).containsExactly(3, 4);

                    out.write(new byte[WriteCoalescing.HELD_BYTES]);
                    out.flush();
                    assertThat(in.readNBytes(WriteCoalescing.HELD_BYTES)).as("a full buffer is not held")
                            .hasSize(WriteCoalescing.HELD_BYTES);
                } finally {
                    WriteCoalescing.flushDeferred(true);
                }
                out.write(5);
                out.flush();
                assertThat(in.read()).as("not deferring any more").isEqualTo(5);
            }
        }
    }

    /** The other end of the socket has nothing to read for 50 ms: the client has not flushed. */
    private static void assertNothingArrivesFor50Ms(InputStream in) {
        await("nothing flushed").during(Duration.ofMillis(50)).atMost(Duration.ofSeconds(1))
                .until(() -> in.available() == 0);
    }
}
