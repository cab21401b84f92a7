package dev.rabbittune.core;

/**
 * A failure whose cause is known and can be told to the user in one line. Each subtype carries the process exit code
 * the CLI returns for it (see ARCHITECTURE.md: 2 bad input, 3 cannot connect or authenticate, 4 broker refused).
 * Messages never contain credentials: build them with {@link Secrets#mask(String)} where a URI may appear.
 */
public abstract class RabbitTuneException extends RuntimeException {

    protected RabbitTuneException(String message, Throwable cause) {
        super(Secrets.mask(message), cause);
    }

    /** The exit code the CLI returns for this failure. */
    public abstract int exitCode();

    /** An optional hint telling the user what to do next; empty when there is none. */
    public String hint() {
        return "";
    }
}
