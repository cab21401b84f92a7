package dev.rabbittune.bench;

import dev.rabbittune.core.BadInputException;

/**
 * How a {@link Publisher} hands messages to the broker.
 *
 * @param confirmWindow publisher confirms with at most this many unconfirmed messages outstanding; 0 = no confirms
 * @param txSize        commit a transaction every this many messages (comparison mode; slower than confirms); 0 = off
 * @param mandatory     ask the broker to return messages no queue accepts (counted as returned)
 */
public record PublishSettings(int confirmWindow, int txSize, boolean mandatory) {

    public PublishSettings {
        if (confirmWindow < 0 || txSize < 0) {
            throw new BadInputException("confirm window and transaction size must be >= 0");
        }
        if (confirmWindow > 0 && txSize > 0) {
            throw new BadInputException("publisher confirms and transactions cannot be combined on one channel",
                    "use confirm (recommended) or producer-tx-size, not both", null);
        }
    }

    public static PublishSettings fireAndForget() {
        return new PublishSettings(0, 0, false);
    }
}
