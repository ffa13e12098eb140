package io.bucketdigest.core.port;

import java.util.List;

/** Where permanently malformed messages go, with their reason, so they are findable and replayable later. */
public interface RejectedMessages {

    void reject(List<Rejection> rejections);

    record Rejection(String messageId, String body, String reason) {}
}
