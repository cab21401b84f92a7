package dev.rabbittune.client.codec;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reusable native compression contexts (zstd, zlib), each used by one thread at a time.
 *
 * <p>The contexts are not thread-safe and are costly to create (native tables of hundreds of KiB), which would
 * dominate the cost of compressing a 1 KB message. A bounded pool rather than a {@code ThreadLocal}: memory stays
 * bounded by the pool's capacity however many threads publish (thread pools, virtual threads), and no context is
 * pinned to a thread that no longer compresses. A miss creates a context; a give-back to a full pool closes it.
 */
final class ContextPool<T> {

    private static final int CAPACITY = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private final ArrayBlockingQueue<T> idle = new ArrayBlockingQueue<>(CAPACITY);
    private final Supplier<T> factory;
    private final Consumer<T> closer;

    ContextPool(Supplier<T> factory, Consumer<T> closer) {
        this.factory = factory;
        this.closer = closer;
    }

    /** A context for the caller's exclusive use until {@link #giveBack} or {@link #discard}. */
    T borrow() {
        T context = idle.poll();
        return context != null ? context : factory.get();
    }

    /** Returns a context in a reusable state. */
    void giveBack(T context) {
        if (!idle.offer(context)) {
            closer.accept(context);
        }
    }

    /** Frees a context whose state is unknown (its operation failed). */
    void discard(T context) {
        closer.accept(context);
    }
}
