package io.bucketdigest.cli.output;

import picocli.CommandLine.Option;

/** The reports' shared --format (-o): table or json. */
public final class ReportFormatOption {

    @Option(names = {"--format", "-o"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: table).")
    ReportFormat format;

    public boolean json() {
        return format == ReportFormat.JSON;
    }
}
