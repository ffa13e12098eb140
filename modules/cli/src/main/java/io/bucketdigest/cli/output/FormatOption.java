package io.bucketdigest.cli.output;

import picocli.CommandLine.Option;

/** The listings' shared --format (-o); picocli parses the enum, in any case. */
public final class FormatOption {

    @Option(names = {"--format", "-o"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (fits the terminal), json (one object per line) or csv (default: table).")
    public OutputFormat format;
}
