package io.bucketdigest.cli.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where AWS calls go: an optional endpoint override (an emulator), the region, the profile, and whether to use the
 * emulator's dummy credentials (an endpoint override with no credentials configured).
 */
public record Connection(
        Optional<URI> endpoint,
        String endpointSource,
        String region,
        String regionSource,
        Optional<String> profile,
        boolean dummyCredentials) {

    public String describeEndpoint() {
        return endpoint.map(URI::toString).orElse("AWS (" + region + ")");
    }
}
