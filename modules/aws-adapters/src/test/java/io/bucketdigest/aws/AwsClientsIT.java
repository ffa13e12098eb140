package io.bucketdigest.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bucketdigest.aws.ses.SesV2Clients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where {@link AwsClients}' clients get their credentials. A SnapStart function has none in its environment: Lambda
 * gives it AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN instead (set here through the
 * SDK's equivalent system properties, aws.containerCredentialsFullUri and aws.containerAuthorizationToken, since a
 * JVM cannot set its own environment). Local servers play the credentials endpoint and the services.
 */
class AwsClientsIT {

    private static final List<String> PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey",
            "aws.sessionToken", "aws.containerCredentialsFullUri", "aws.containerAuthorizationToken",
            "aws.sharedCredentialsFile", "aws.configFile", "aws.profile");

    private final Map<String, String> saved = new HashMap<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Map<String, String>> credentialRequests = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> serviceRequests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void isolateTheCredentialsChain() {
        for (String name : PROPERTIES) {
            saved.put(name, System.getProperty(name));
            System.clearProperty(name);
        }
        System.setProperty("aws.sharedCredentialsFile", "/nonexistent/bucket-digest/credentials");
        System.setProperty("aws.configFile", "/nonexistent/bucket-digest/config");
    }

    @AfterEach
    void restore() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    /** A local server answering every request with {@code body(path)}; records each request's headers. */
    private URI server(List<Map<String, String>> requests, Function<String, String> body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(headers(exchange));
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            byte[] bytes = body.apply(exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        toClose.add(() -> server.stop(0));
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        return headers;
    }

    private URI services() throws IOException {
        return server(serviceRequests, path -> path.startsWith("/v2/email/outbound-emails")
                ? "{\"MessageId\":\"ses-1\"}" : "{}");
    }

    private static void callEachClient(AwsClients clients) {
        DynamoDbClient dynamoDb = clients.dynamoDb();
        SqsClient sqs = clients.sqs();
        SesV2Client ses = SesV2Clients.withoutRetries(clients);
        try (dynamoDb; sqs; ses) {
            dynamoDb.describeLimits();
            sqs.listQueues();
            ses.sendEmail(b -> b.fromEmailAddress("digest@example.com")
                    .destination(d -> d.toAddresses("ops@example.com"))
                    .content(c -> c.simple(m -> m.subject(s -> s.data("s")).body(x -> x.text(t -> t.data("b"))))));
            dynamoDb.describeLimits();
        }
    }

    @Test
    void clients_snapStartEnvironment_signWithTheContainerCredentialsFetchedOnce() throws IOException {
        // GIVEN no access keys anywhere, only Lambda's container credentials endpoint
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null
                        && System.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == null,
                "the environment sets credentials a JVM cannot unset");
        String expiration = Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        URI credentials = server(credentialRequests, path -> "{\"AccessKeyId\":\"ASIASNAPSTARTEXAMPLE\","
                + "\"SecretAccessKey\":\"secret\",\"Token\":\"session-token\",\"Expiration\":\"" + expiration + "\"}");
        System.setProperty("aws.containerCredentialsFullUri", credentials + "/2018-06-01/credentials");
        System.setProperty("aws.containerAuthorizationToken", "lambda-authorization-token");
        URI endpoint = services();

        // WHEN
        try (AwsClients clients = new AwsClients(Region.US_EAST_1, Optional.of(endpoint))) {
            callEachClient(clients);
        }

        // THEN
        assertThat(credentialRequests).as("one fetch, shared by the three clients and cached").hasSize(1);
        assertThat(credentialRequests.get(0)).containsEntry("authorization", "lambda-authorization-token");
        assertThat(serviceRequests).hasSize(4).allSatisfy(headers -> {
            assertThat(headers.get("authorization")).contains("Credential=ASIASNAPSTARTEXAMPLE/");
            assertThat(headers).containsEntry("x-amz-security-token", "session-token");
        });
    }

    @Test
    void clients_staticCredentialsInSystemProperties_signWithThem() throws IOException {
        // GIVEN what the tests and the local runtime set for moto
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        URI endpoint = services();

        // WHEN
        try (AwsClients clients = new AwsClients(Region.US_EAST_1, Optional.of(endpoint))) {
            callEachClient(clients);
        }

        // THEN
        assertThat(serviceRequests).hasSize(4).allSatisfy(headers ->
                assertThat(headers.get("authorization")).contains("Credential=testing/"));
    }
}
