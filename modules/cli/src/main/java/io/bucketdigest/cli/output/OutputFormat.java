package io.bucketdigest.cli.output;

/** How a listing prints: an aligned table for people, JSON lines or CSV for programs. */
public enum OutputFormat {
    TABLE,
    JSON,
    CSV
}
