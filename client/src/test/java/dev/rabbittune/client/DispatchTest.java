package dev.rabbittune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rabbittune.core.BadInputException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DispatchTest {

    @Test
    void ioThreadDispatchRunsEachTaskOnTheSubmittingThread() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        ExecutorService executor = Dispatch.onIoThread().executor();
        executor.execute(() -> ranOn.set(Thread.currentThread()));
        assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void aSharedPoolHasTheGivenThreadsAndTheDefaultLeavesAmqpClientItsOwn() throws Exception {
        ExecutorService pool = Dispatch.sharedPool(2).executor();
        try {
            AtomicReference<String> name = new AtomicReference<>();
            pool.submit(() -> name.set(Thread.currentThread().getName())).get();
            assertThat(name.get()).startsWith("rabbittune-dispatch-");
        } finally {
            pool.shutdownNow();
        }
        assertThat(Dispatch.perConnection().executor()).isNull();
    }

    @Test
    void onlyASharedPoolTakesAThreadCount() {
        assertThatThrownBy(() -> Dispatch.sharedPool(0)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> new Dispatch(Dispatch.Kind.IO_THREAD, 3)).isInstanceOf(BadInputException.class);
    }
}
