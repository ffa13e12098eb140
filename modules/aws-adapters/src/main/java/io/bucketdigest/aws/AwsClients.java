package io.bucketdigest.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
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
        var builder = DynamoDbClient.builder().httpClient(http).region(region).credentialsProvider(credentials)
                .overrideConfiguration(this::intercept);
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public SqsClient sqs() {
        var builder = SqsClient.builder().httpClient(http).region(region).credentialsProvider(credentials)
                .overrideConfiguration(this::intercept);
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * SendEmail is not idempotent: an SDK retry after SES accepted a mail whose answer was lost sends it twice. So this
     * client never retries; the mailer retries throttling itself and reports every other error for what it is.
     */
    public SesV2Client ses() {
        var builder = SesV2Client.builder().httpClient(http).region(region).credentialsProvider(credentials)
                .overrideConfiguration(o -> intercept(o).retryStrategy(AwsRetryStrategy.doNotRetry()));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private ClientOverrideConfiguration.Builder intercept(ClientOverrideConfiguration.Builder override) {
        return override.executionInterceptors(interceptors);
    }

    /** Closes what the clients share; the SDK leaves both open when a client built over them is closed. */
    @Override
    public void close() {
        http.close();
        credentials.close();
    }
}
