package dev.rabbittune.core;

/** The broker or its management API cannot be reached, or refused the credentials. */
public final class BrokerUnreachableException extends RabbitTuneException {

    private final String hint;

    public BrokerUnreachableException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    @Override
    public Kind kind() {
        return Kind.UNREACHABLE;
    }

    @Override
    public String hint() {
        return hint;
    }
}
