package io.bucketdigest.cli;

/** The process exit codes; docs/operations.md lists them and `bucket-digest --help` prints them. */
public final class ExitCode {

    /** Success, including an empty result. */
    public static final int OK = 0;
    /**
     * The command ran but some items failed (dlq replay), `status --check` found the pipeline unhealthy, `ses status`
     * found that digests cannot be sent (sending paused, sender unverified, configuration set missing), or the
     * operator declined a confirmation prompt (digests abandon). All of these are "ran fine, and the answer is bad".
     */
    public static final int PARTIAL = 1;
    /** Usage error: unknown option, bad value, bad time, invalid subscription. */
    public static final int USAGE = 2;
    /** AWS or resource error: missing table/queue/stack/bucket, no credentials, access denied, unreachable endpoint. */
    public static final int AWS = 3;
    /**
     * Refused because of existing state: overlapping notification, subscription exists, move task running, a digest
     * that is not quarantined (digests retry/abandon).
     */
    public static final int CONFLICT = 4;
    /** Unexpected internal error (a bug): rerun with --debug and report the stack trace. */
    public static final int INTERNAL = 70;
    /** Interrupted (Ctrl-C) after finishing the message in flight. */
    public static final int INTERRUPTED = 130;

    public static final String HELP_TEXT = "Exit codes:%n"
            + "  0    success (an empty result is a success)%n"
            + "  1    finished with failures (dlq replay), status --check found problems,%n"
            + "       ses status found that digests cannot be sent (paused, unverified%n"
            + "       sender), or a confirmation prompt was declined (digests abandon)%n"
            + "  2    usage error (unknown option, bad value or time, bad subscription)%n"
            + "  3    AWS or resource error (missing table, queue, stack or bucket;%n"
            + "       no credentials; access denied; endpoint unreachable)%n"
            + "  4    refused: conflicts with existing state (overlapping notification%n"
            + "       configuration, subscription exists, a move task is running, a%n"
            + "       digest that is not quarantined)%n"
            + "  70   internal error (a bug: rerun with --debug and report it)%n"
            + "  130  interrupted (nothing lost: the message in flight was finished)";

    private ExitCode() {}
}
