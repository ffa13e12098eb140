package io.bucketdigest.cli.aws;

import io.bucketdigest.cli.config.Connection;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SDK clients of one CLI run, built lazily over one shared URL-connection HTTP client (the only HTTP client on
 * the classpath), with the resolved endpoint, region and credentials.
 */
public final class AwsSession implements AutoCloseable {

    private final Connection connection;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final ClientOverrideConfiguration overrides;

    private DynamoDbClient dynamoDb;
    private SqsClient sqs;
    private SnsClient sns;
    private S3Client s3;
    private CloudFormationClient cloudFormation;
    private CloudWatchClient cloudWatch;
    private SesV2Client sesV2;

    public AwsSession(Connection connection, int maxAttempts, List<ExecutionInterceptor> interceptors) {
        this.connection = connection;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(35))
                .build();
        if (connection.profile().isPresent()) {
            this.credentials = ProfileCredentialsProvider.create(connection.profile().get());
        } else if (connection.dummyCredentials()) {
            this.credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        } else {
            this.credentials = DefaultCredentialsProvider.builder().build();
        }
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(r -> r.maxAttempts(Math.max(1, maxAttempts)));
        interceptors.forEach(override::addExecutionInterceptor);
        this.overrides = override.build();
    }

    public Connection connection() {
        return connection;
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        builder.region(Region.of(connection.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides);
        connection.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = configure(DynamoDbClient.builder().httpClient(http)).build();
        }
        return dynamoDb;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = configure(SqsClient.builder().httpClient(http)).build();
        }
        return sqs;
    }

    public synchronized SnsClient sns() {
        if (sns == null) {
            sns = configure(SnsClient.builder().httpClient(http)).build();
        }
        return sns;
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = configure(S3Client.builder().httpClient(http))
                    .forcePathStyle(connection.endpoint().isPresent())
                    .crossRegionAccessEnabled(connection.endpoint().isEmpty())
                    .build();
        }
        return s3;
    }

    public synchronized CloudFormationClient cloudFormation() {
        if (cloudFormation == null) {
            cloudFormation = configure(CloudFormationClient.builder().httpClient(http)).build();
        }
        return cloudFormation;
    }

    public synchronized CloudWatchClient cloudWatch() {
        if (cloudWatch == null) {
            cloudWatch = configure(CloudWatchClient.builder().httpClient(http)).build();
        }
        return cloudWatch;
    }

    /**
     * SES v2 with one attempt per call: SendEmail is not idempotent, and an SDK retry after SES accepted a mail whose
     * answer was lost would send it twice (the digest function's client turns retries off for the same reason). A
     * throttled call fails at once with a message that says to retry.
     */
    public synchronized SesV2Client sesV2() {
        if (sesV2 == null) {
            sesV2 = configure(SesV2Client.builder().httpClient(http))
                    .overrideConfiguration(overrides.toBuilder().retryStrategy(r -> r.maxAttempts(1)).build())
                    .build();
        }
        return sesV2;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable client : new AutoCloseable[] {dynamoDb, sqs, sns, s3, cloudFormation, cloudWatch,
                sesV2}) {
            if (client != null) {
                try {
                    client.close();
                } catch (Exception e) {
                    // closing is best effort
                }
            }
        }
        http.close();
    }
}
