package dev.rabbittune.cli;

import dev.rabbittune.core.RabbitTuneException;
import picocli.CommandLine;

/**
 * The process exit codes, the one place they are defined: 0 fine, 1 a check failed (a critical finding, a
 * regression, a warning under --fail-on-warning) or an unexpected error, 2 bad input, 3 the broker or its API cannot
 * be reached or refused the credentials, 4 the broker refused an operation, 130 interrupted. The libraries throw
 * exceptions that say what kind of cause they are ({@link RabbitTuneException.Kind}); this maps them to codes.
 */
final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {

    static final int OK = 0;
    static final int CHECK_FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int UNREACHABLE = 3;
    static final int REFUSED = 4;
    static final int INTERRUPTED = 130;

    static final ExitCodes MAPPER = new ExitCodes();

    private ExitCodes() {
    }

    static int of(RabbitTuneException.Kind kind) {
        return switch (kind) {
            case BAD_INPUT -> BAD_INPUT;
            case UNREACHABLE -> UNREACHABLE;
            case REFUSED -> REFUSED;
        };
    }

    @Override
    public int getExitCode(Throwable failure) {
        if (failure instanceof RabbitTuneException known) {
            return of(known.kind());
        }
        if (failure instanceof CommandLine.ParameterException) {
            return BAD_INPUT;
        }
        if (failure instanceof InterruptedException) {
            return INTERRUPTED;
        }
        return CHECK_FAILED;
    }
}
