package dev.rabbittune.client;

import dev.rabbittune.core.BadInputException;
import java.time.Duration;

/**
 * How a {@link ReliablePublisher} behaves.
 *
 * @param window          most unconfirmed messages outstanding; {@code publish} waits for room (back-pressure)
 * @param maxNackRetries  a message the broker nacks is published again up to this many times, then its future fails
 * @param mandatory       unroutable messages come back and fail their future with {@link UnroutableException}
 * @param blockedPolicy   what {@code publish} does while the broker blocks the connection (memory or disk alarm)
 * @param blockedTimeout  how long {@link BlockedPolicy#WAIT} waits before failing the publish
 */
public record PublisherSettings(int window, int maxNackRetries, boolean mandatory, BlockedPolicy blockedPolicy,
                                Duration blockedTimeout) {

    // longer waits are a mistake, and overflow a count of nanoseconds soon after (292 years)
    private static final Duration MAX_BLOCKED_WAIT = Duration.ofDays(365);

    /** What to do while the broker has blocked publishing connections (a resource alarm). */
    public enum BlockedPolicy {
        /** wait for the alarm to clear, up to the blocked timeout */
        WAIT,
        /** fail the publish at once with {@link BrokerBlockedException} */
        FAIL
    }

    public PublisherSettings {
        if (window < 1 || window > 65_535) {
            throw new BadInputException("publisher window must be between 1 and 65535, got " + window);
        }
        if (maxNackRetries < 0) {
            throw new BadInputException("max nack retries must be >= 0, got " + maxNackRetries);
        }
        if (blockedPolicy == null) {
            throw new BadInputException("blocked policy must be WAIT or FAIL, got null");
        }
        if (blockedTimeout == null || blockedTimeout.isNegative() || blockedTimeout.compareTo(MAX_BLOCKED_WAIT) > 0) {
            throw new BadInputException("blocked timeout must be between 0 and " + MAX_BLOCKED_WAIT.toDays()
                    + " days, got " + blockedTimeout);
        }
    }

    /** Window 128, 3 nack retries, mandatory, wait up to 30 s while blocked. */
    public static PublisherSettings defaults() {
        return new PublisherSettings(128, 3, true, BlockedPolicy.WAIT, Duration.ofSeconds(30));
    }

    public PublisherSettings withWindow(int newWindow) {
        return new PublisherSettings(newWindow, maxNackRetries, mandatory, blockedPolicy, blockedTimeout);
    }

    public PublisherSettings withBlockedPolicy(BlockedPolicy policy, Duration timeout) {
        return new PublisherSettings(window, maxNackRetries, mandatory, policy, timeout);
    }
}
