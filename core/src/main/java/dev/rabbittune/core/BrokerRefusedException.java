package dev.rabbittune.core;

/** The broker was reached but refused an operation (a queue argument, a permission, a precondition). */
public final class BrokerRefusedException extends RabbitTuneException {

    private final String hint;

    public BrokerRefusedException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    @Override
    public Kind kind() {
        return Kind.REFUSED;
    }

    @Override
    public String hint() {
        return hint;
    }
}
