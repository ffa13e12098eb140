package io.bucketdigest.emulator;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients pointed at an emulator: static credentials, us-east-1, no retries (so failures show at once). Optional
 * execution interceptors (test-support's RequestCounter and RequestFaults, for instance) are attached to every client.
 */
public final class AwsTestClients implements AutoCloseable {

    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final SnsClient sns;
    private final S3Client s3;
    private final SesV2Client ses;

    public AwsTestClients(URI endpoint, ExecutionInterceptor... interceptors) {
        ClientOverrideConfiguration.Builder config =
                ClientOverrideConfiguration.builder().retryStrategy(r -> r.maxAttempts(1));
        for (ExecutionInterceptor interceptor : interceptors) {
            config.addExecutionInterceptor(interceptor);
        }
        ClientOverrideConfiguration noRetries = config.build();
        dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(http).overrideConfiguration(noRetries).build();
        sqs = SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(http).overrideConfiguration(noRetries).build();
        sns = SnsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(http).overrideConfiguration(noRetries).build();
        s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(CREDENTIALS).httpClient(http).overrideConfiguration(noRetries).build();
        ses = SesV2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(http).overrideConfiguration(noRetries).build();
    }

    public DynamoDbClient dynamoDb() { return dynamoDb; }

    public SqsClient sqs() { return sqs; }

    public SnsClient sns() { return sns; }

    public S3Client s3() { return s3; }

    public SesV2Client ses() { return ses; }

    @Override
    public void close() {
        dynamoDb.close();
        sqs.close();
        sns.close();
        s3.close();
        ses.close();
        http.close();
    }
}
