package dev.rabbittune.core;

/** The user gave an option, value or file that cannot be used. */
public class BadInputException extends RabbitTuneException {

    private final String hint;

    public BadInputException(String message) {
        this(message, "", null);
    }

    public BadInputException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    @Override
    public Kind kind() {
        return Kind.BAD_INPUT;
    }

    @Override
    public String hint() {
        return hint;
    }
}
