package dev.rabbittune.core;

/**
 * A failure whose cause is known and can be told to the user in one line. Each subtype is one {@link Kind} of cause;
 * what a kind means to a process (its exit code) is the CLI's business, not the library's. Messages never contain
 * credentials: build them with {@link Secrets#mask(String)} where a URI may appear.
 */
public abstract class RabbitTuneException extends RuntimeException {

    protected RabbitTuneException(String message, Throwable cause) {
        super(Secrets.mask(message), cause);
    }

    /** The kinds of known cause; data (a result file's failure) records the kind, never a process exit code. */
    public enum Kind {
        /** An option, value, file or message that cannot be used. */
        BAD_INPUT,
        /** The broker or its management API cannot be reached, or refused the credentials. */
        UNREACHABLE,
        /** The broker was reached but refused an operation (a queue argument, a permission, a precondition). */
        REFUSED
    }

    /** What kind of cause this is. */
    public abstract Kind kind();

    /** An optional hint telling the user what to do next; empty when there is none. */
    public String hint() {
        return "";
    }
}
