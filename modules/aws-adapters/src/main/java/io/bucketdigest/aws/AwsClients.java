package io.bucketdigest.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients a function needs over one shared HTTP client and one shared credentials provider; the region
 * comes from the function's config, and {@code endpoint} is set only for an emulator.
 *
 * <p>Credentials come from {@link DefaultCredentialsProvider}, built once here and given to every client, because
 * Lambda hands them over in two ways: a function without SnapStart finds AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN in its environment; a SnapStart function (ours, on the published alias) gets none there, only
 * AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN, and fetches the role's credentials from
 * that endpoint (Lambda docs: snapstart-activate, "Accessing credentials"). The chain finds either. It remembers the
 * provider that answered and that provider caches its credentials until they near expiry, so the chain is walked
 * once per instance, not per call; credentials cached before a SnapStart snapshot are replaced on their own once they
 * are stale. Locally and in tests the same chain finds the aws.accessKeyId system properties or AWS_ACCESS_KEY_ID.
 *
 * <p>Connections: the url-connection client has no pool of its own and no cap; each request in flight has its own
 * connection, and the JDK keeps at most {@code http.maxConnections} idle ones per host (default 5) for reuse. The
 * ingest function makes up to WRITE_CONCURRENCY (100) DynamoDB requests at once, so template.yaml raises the property
 * to 100 in JAVA_TOOL_OPTIONS; with the default, all but 5 connections would be closed and opened (TLS) again.
 */
public final class AwsClients implements AutoCloseable {

    private final SdkHttpClient http;
    private final DefaultCredentialsProvider credentials;
    private final Region region;
    private final Optional<URI> endpoint;
    private final List<ExecutionInterceptor> interceptors;

    public AwsClients(Region region, Optional<URI> endpoint) {
        this(region, endpoint, List.of());
    }

    /** Clients that run {@code interceptors} on every call, e.g. {@link NotSent} for priming. */
    public AwsClients(Region region, Optional<URI> endpoint, List<ExecutionInterceptor> interceptors) {
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
        this.credentials = DefaultCredentialsProvider.builder().build();
        this.region = region;
        this.endpoint = endpoint;
        this.interceptors = List.copyOf(interceptors);
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder()).build();
    }

    public SqsClient sqs() {
        return configure(SqsClient.builder()).build();
    }

    /**
     * Gives a client builder of any service the shared HTTP client, credentials, region and endpoint. A service that
     * only one function calls builds its client with this beside its adapters ({@code ses.SesV2Clients}), so this
     * class names no such service and the other function's jar can leave that service's SDK out.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
        return configure(builder, override -> { });
    }

    /**
     * As {@link #configure(AwsClientBuilder)}, with more client settings: the SDK keeps one override configuration per
     * builder, so they go in here, together with this instance's interceptors, rather than in a second call.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder,
            Consumer<ClientOverrideConfiguration.Builder> settings) {
        builder.httpClient(http).region(region).credentialsProvider(credentials)
                .overrideConfiguration(override -> settings.accept(override.executionInterceptors(interceptors)));
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    /** Closes what the clients share; the SDK leaves both open when a client built over them is closed. */
    @Override
    public void close() {
        http.close();
        credentials.close();
    }
}
