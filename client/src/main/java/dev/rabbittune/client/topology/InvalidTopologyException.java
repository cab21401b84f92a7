package dev.rabbittune.client.topology;

import dev.rabbittune.core.BadInputException;

/** A queue, exchange, binding or policy that the broker would reject or silently misinterpret; says why. */
public final class InvalidTopologyException extends BadInputException {

    public InvalidTopologyException(String message, String hint) {
        super(message, hint, null);
    }
}
