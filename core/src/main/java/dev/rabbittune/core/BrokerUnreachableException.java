package dev.rabbittune.core;

/** The broker or its management API cannot be reached, or refused the credentials. Exit code 3. */
public final class BrokerUnreachableException extends RabbitTuneException {

    private final String hint;

    public BrokerUnreachableException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    @Override
    public int exitCode() {
        return 3;
    }

    @Override
    public String hint() {
        return hint;
    }
}
