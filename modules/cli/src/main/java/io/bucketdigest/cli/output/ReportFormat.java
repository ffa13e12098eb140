package io.bucketdigest.cli.output;

/** How a one-off report (status, ses status, attach, detach) prints: text for people, one JSON object for programs. */
public enum ReportFormat {
    TABLE,
    JSON
}
