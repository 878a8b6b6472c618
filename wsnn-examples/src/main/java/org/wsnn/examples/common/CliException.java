package org.wsnn.examples.common;

import org.wsnn.train.InputException;

/**
 * An error caused by the user's command line (an option that contradicts another, an output that exists):
 * the command prints its message, without a stack trace, and exits with {@link #EXIT_CODE}, as it does for
 * the library's own {@link InputException}s.
 */
public class CliException extends InputException {

    private static final long serialVersionUID = 1L;

    /** Exit code of a command that failed with a user-facing error. */
    public static final int EXIT_CODE = 1;

    /** @param message what went wrong and, where possible, what to do */
    public CliException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause   the underlying exception (logged at debug level only)
     */
    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
