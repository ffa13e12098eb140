package io.bucketdigest.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients a function needs over one shared HTTP client. In Lambda the region and credentials come
 * from the environment (the fastest providers, no chain walk); {@code endpoint} is set only for an emulator.
 */
public final class AwsClients implements AutoCloseable {

    private final SdkHttpClient http;
    private final Region region;
    private final Optional<URI> endpoint;
    private final boolean lambdaEnvironment;

    public AwsClients(Region region, Optional<URI> endpoint) {
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
        this.region = region;
        this.endpoint = endpoint;
        this.lambdaEnvironment = System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null
                && System.getenv("AWS_ACCESS_KEY_ID") != null;
    }

    public DynamoDbClient dynamoDb() {
        var builder = DynamoDbClient.builder().httpClient(http).region(region);
        endpoint.ifPresent(builder::endpointOverride);
        if (lambdaEnvironment) {
            builder.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
        }
        return builder.build();
    }

    public SqsClient sqs() {
        var builder = SqsClient.builder().httpClient(http).region(region);
        endpoint.ifPresent(builder::endpointOverride);
        if (lambdaEnvironment) {
            builder.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
        }
        return builder.build();
    }

    /**
     * SendEmail is not idempotent: an SDK retry after SES accepted a mail whose answer was lost sends it twice. So this
     * client never retries; the mailer retries throttling itself and reports every other error for what it is.
     */
    public SesV2Client ses() {
        var builder = SesV2Client.builder().httpClient(http).region(region)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        endpoint.ifPresent(builder::endpointOverride);
        if (lambdaEnvironment) {
            builder.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
        }
        return builder.build();
    }

    @Override
    public void close() {
        http.close();
    }
}
