package org.wsnn.train;

/**
 * An error caused by the caller's input or files — a bad checkpoint, missing or malformed data, a model
 * that does not fit the data or the machine — rather than by a bug. Its message is one line that names what
 * was wrong, the value found and what was expected, so a caller can show it as it is (the {@code wsnn}
 * command line prints it without a stack trace).
 */
public class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and, where possible, what to do */
    public InputException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause   the underlying exception
     */
    public InputException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The first line of a message, at most 400 characters (native errors carry multi-line dumps), or
     * "no message": how a foreign exception's message is quoted in one line.
     */
    public static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "no message";
        }
        String first = message.strip().lines().findFirst().orElse("");
        return first.length() > 400 ? first.substring(0, 400) + "..." : first;
    }
}
