package io.bucketdigest.core.ingest;

/** One queue message as the ingest stage sees it; {@code receiveCount} is 1 on first delivery. */
public record IncomingMessage(String messageId, String body, int receiveCount) {}
