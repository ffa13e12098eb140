package io.bucketdigest.cli.config;

/** A resolved setting and where it came from (shown by `bucket-digest resources` and in error messages). */
public record Resolved(String value, String source) {}
