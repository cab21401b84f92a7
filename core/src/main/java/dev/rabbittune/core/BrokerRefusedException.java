package dev.rabbittune.core;

/** The broker was reached but refused an operation (a queue argument, a permission, a precondition). Exit code 4. */
public final class BrokerRefusedException extends RabbitTuneException {

    private final String hint;

    public BrokerRefusedException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    @Override
    public int exitCode() {
        return 4;
    }

    @Override
    public String hint() {
        return hint;
    }
}
