package io.bucketdigest.cli;

/** An error the CLI reports as one message (which names the resource and the fix) and an exit code. */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    public static CliException resource(String message) {
        return new CliException(ExitCode.AWS, message);
    }

    public static CliException conflict(String message) {
        return new CliException(ExitCode.CONFLICT, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
