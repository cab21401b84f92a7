package dev.rabbittune.bench;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When each of a run's connections was down: from the failure amqp-client reported (a broker restart, a node killed,
 * a connection closed by an operator) to the end of its automatic recovery. Connections closed by the run itself are
 * not outages.
 */
final class Outages {

    private final long origin;
    private final Map<String, Long> downSince = new LinkedHashMap<>();
    private final Map<String, String> causes = new LinkedHashMap<>();
    private final List<Result.Outage> ended = new ArrayList<>();

    Outages(long originNanos) {
        this.origin = originNanos;
    }

    void watch(Connection connection, String name) {
        connection.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) {
                down(name, String.valueOf(cause.getMessage()));
            }
        });
        if (connection instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    up(name);
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    // the outage started at the failure, reported to the shutdown listener
                }
            });
        }
    }

    private synchronized void down(String name, String cause) {
        downSince.putIfAbsent(name, System.nanoTime());
        causes.putIfAbsent(name, cause);
    }

    private synchronized void up(String name) {
        Long since = downSince.remove(name);
        String cause = causes.remove(name);
        if (since != null) {
            long now = System.nanoTime();
            ended.add(new Result.Outage(name, (since - origin) / 1e9, (now - since) / 1e9, true, cause));
        }
    }

    /** Connections down right now. */
    synchronized int down() {
        return downSince.size();
    }

    /** Every outage so far; one still going is reported as not recovered, lasting until {@code nowNanos}. */
    synchronized List<Result.Outage> all(long nowNanos) {
        List<Result.Outage> all = new ArrayList<>(ended);
        downSince.forEach((name, since) -> all.add(new Result.Outage(name, (since - origin) / 1e9,
                (nowNanos - since) / 1e9, false, causes.get(name))));
        return all;
    }
}
