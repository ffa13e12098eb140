package io.bucketdigest.cli.output;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The listings' shared --limit and --all. */
public final class LimitOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private int limit;

    @Option(names = "--all", description = "Print every matching row (no --limit).")
    boolean all;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "Print at most N rows (default: ${DEFAULT-VALUE}).")
    void limit(int value) {
        if (value < 1) {
            throw new ParameterException(mixee.commandLine(), "--limit must be at least 1 (or use --all)");
        }
        limit = value;
    }

    /** How many rows to print at most. */
    public long max() {
        return all ? Long.MAX_VALUE : limit;
    }

    public boolean all() {
        return all;
    }
}
