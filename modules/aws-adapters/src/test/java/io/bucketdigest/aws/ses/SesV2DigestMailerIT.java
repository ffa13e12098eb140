package io.bucketdigest.aws.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bucketdigest.aws.AwsClients;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.port.DigestMailer;
import io.bucketdigest.core.port.DigestMailer.Mail;
import io.bucketdigest.core.port.DigestMailer.PermanentMailException;
import io.bucketdigest.core.port.DigestMailer.UncertainDeliveryException;
import io.bucketdigest.core.port.TransientFailureException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The SES client that {@link SesV2Clients#withoutRetries} builds, against a tiny local HTTP server that answers as SES
 * would fail: SendEmail is never retried by the SDK (a retry after a lost answer sends the mail twice), an answer-less
 * failure is {@link UncertainDeliveryException}, a refusal is permanent with a fix in its message, and throttling is
 * retried only by the mailer's own backoff.
 */
class SesV2DigestMailerIT {

    private static final Mail MAIL = new Mail("digest@example.com", List.of("ops@example.com"),
            "Subject: test\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII),
            new DigestId("d-20261130T091500Z-00112233445566778899"), "team.photos");
    private static final int MAX_ATTEMPTS = 3;

    private static final Map<String, String> SAVED = new java.util.HashMap<>();

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttles = new AtomicInteger();

    @BeforeAll
    static void staticCredentials() {
        for (String name : List.of("aws.accessKeyId", "aws.secretAccessKey")) {
            SAVED.put(name, System.getProperty(name));
            System.setProperty(name, "testing");
        }
    }

    @AfterAll
    static void restoreCredentials() {
        SAVED.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    /** A local server answering every request with this status, headers and body; counts the requests. */
    private URI server(AtomicInteger requests, int status, Map<String, String> headers, String body)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            answer(exchange, status, headers, body);
        });
        server.start();
        toClose.add(() -> server.stop(0));
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private SesV2DigestMailer mailer(URI endpoint) {
        AwsClients aws = new AwsClients(Region.US_EAST_1, Optional.of(endpoint));
        SesV2Client ses = SesV2Clients.withoutRetries(aws);
        toClose.add(aws);
        toClose.add(ses);
        return new SesV2DigestMailer(ses, Optional.empty(), waits::add, MAX_ATTEMPTS, Duration.ofMillis(100),
                throttles::incrementAndGet);
    }

    @Test
    void send_accepted_returnsTheMessageId() throws IOException {
        // GIVEN
        AtomicInteger requests = new AtomicInteger();
        URI endpoint = server(requests, 200, Map.of(), "{\"MessageId\":\"ses-123\"}");

        // WHEN
        String messageId = mailer(endpoint).send(MAIL);

        // THEN
        assertThat(messageId).isEqualTo("ses-123");
        assertThat(requests).hasValue(1);
    }

    @Test
    void send_serverError_isSentOnceAndUncertain() throws IOException {
        // GIVEN
        AtomicInteger requests = new AtomicInteger();
        URI endpoint = server(requests, 500, Map.of("x-amzn-ErrorType", "InternalFailure"),
                "{\"__type\":\"InternalFailure\",\"message\":\"boom\"}");

        // WHEN / THEN
        assertThatThrownBy(() -> mailer(endpoint).send(MAIL)).isInstanceOf(UncertainDeliveryException.class)
                .hasMessageContaining("500");
        assertThat(requests).as("SendEmail requests that reached the server").hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void send_serviceUnavailable_isSentOnceAndUncertain() throws IOException {
        // GIVEN 503, which the SDK's default strategy retries as a throttling-like error
        AtomicInteger requests = new AtomicInteger();
        URI endpoint = server(requests, 503, Map.of("x-amzn-ErrorType", "ServiceUnavailable"),
                "{\"__type\":\"ServiceUnavailable\",\"message\":\"busy\"}");

        // WHEN / THEN
        assertThatThrownBy(() -> mailer(endpoint).send(MAIL)).isInstanceOf(UncertainDeliveryException.class);
        assertThat(requests).hasValue(1);
    }

    @Test
    void send_connectionClosedWithoutAnAnswer_isUncertainAndNotResent() throws Exception {
        // GIVEN a server that reads the request and closes the connection without answering
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(socket);
        AtomicInteger connections = new AtomicInteger();
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    connections.incrementAndGet();
                    client.setSoTimeout(2000);
                    readRequestHead(client.getInputStream());
                } catch (IOException e) {
                    // closed by the test, or the client went away
                }
            }
        }, "closing-server");
        acceptor.setDaemon(true);
        acceptor.start();
        URI endpoint = URI.create("http://127.0.0.1:" + socket.getLocalPort());

        // WHEN / THEN
        assertThatThrownBy(() -> mailer(endpoint).send(MAIL)).isInstanceOf(UncertainDeliveryException.class);
        assertThat(connections).as("connections the SendEmail request was written to").hasValue(1);
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        int b;
        while (matched < end.length && (b = in.read()) >= 0) {
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
    }

    @Test
    void send_nothingListening_isUncertain() throws IOException {
        // GIVEN a port that was free a moment ago
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }

        // WHEN / THEN
        assertThatThrownBy(() -> mailer(URI.create("http://127.0.0.1:" + port)).send(MAIL))
                .isInstanceOf(UncertainDeliveryException.class);
        assertThat(waits).isEmpty();
    }

    @Test
    void send_accessDenied_isPermanentAndNamesTheIamAndSandboxFix() throws IOException {
        // GIVEN
        AtomicInteger requests = new AtomicInteger();
        URI endpoint = server(requests, 403, Map.of("x-amzn-ErrorType", "AccessDeniedException"),
                "{\"__type\":\"AccessDeniedException\",\"message\":\"User is not authorized to perform "
                        + "ses:SendEmail\"}");

        // WHEN / THEN
        assertThatThrownBy(() -> mailer(endpoint).send(MAIL))
                .isInstanceOf(PermanentMailException.class)
                .isNotInstanceOf(TransientFailureException.class)
                .hasMessageContaining("ses:SendEmail")
                .hasMessageContaining("sandbox")
                .hasMessageContaining("role");
        assertThat(requests).hasValue(1);
    }

    /** SES's refusals as they come over the wire: the SDK turns each error code into the type the mailer reads. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "400|MessageRejected|Email address is not verified.|sender identity is verified",
            "400|MailFromDomainNotVerifiedException|MAIL FROM domain not verified|remove the custom MAIL FROM domain",
            "400|SendingPausedException|Sending paused|reputation dashboard",
            "400|AccountSendingPausedException|Account sending paused|reinstate sending",
            "400|AccountSuspendedException|Account suspended|AWS case",
            "403|AccessDenied|Not authorized|verify the recipients or request production access"})
    void send_refusalOnTheWire_isPermanentSentOnceAndNamesTheFix(int status, String code, String message, String fix)
            throws IOException {
        // GIVEN
        AtomicInteger requests = new AtomicInteger();
        URI endpoint = server(requests, status, Map.of("x-amzn-ErrorType", code),
                "{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}");

        // WHEN / THEN
        assertThatThrownBy(() -> mailer(endpoint).send(MAIL))
                .isInstanceOf(PermanentMailException.class)
                .isNotInstanceOf(TransientFailureException.class)
                .hasMessageContaining(code + ": " + message)
                .hasMessageContaining(fix);
        assertThat(requests).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void send_throttledEveryTime_isRetriedByTheMailersBackoffOnlyAndEndsTransientNotUncertain() throws IOException {
        // GIVEN
        AtomicInteger requests = new AtomicInteger();
        URI endpoint = server(requests, 429, Map.of("x-amzn-ErrorType", "TooManyRequestsException"),
                "{\"__type\":\"TooManyRequestsException\",\"message\":\"Maximum sending rate exceeded.\"}");

        // WHEN
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> mailer(endpoint).send(MAIL));

        // THEN
        assertThat(thrown).isInstanceOf(TransientFailureException.class)
                .isNotInstanceOf(UncertainDeliveryException.class)
                .isNotInstanceOf(DigestMailer.PermanentMailException.class);
        assertThat(requests).as("one request per mailer attempt, none by the SDK").hasValue(MAX_ATTEMPTS);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(throttles).hasValue(MAX_ATTEMPTS);
    }

    @Test
    void send_throttledOnceThenAccepted_returnsTheMessageIdAfterOneWait() throws IOException {
        // GIVEN
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            if (requests.incrementAndGet() == 1) {
                answer(exchange, 429, Map.of("x-amzn-ErrorType", "TooManyRequestsException"),
                        "{\"__type\":\"TooManyRequestsException\",\"message\":\"slow down\"}");
            } else {
                answer(exchange, 200, Map.of(), "{\"MessageId\":\"ses-2\"}");
            }
        });
        server.start();
        toClose.add(() -> server.stop(0));

        // WHEN
        String messageId = mailer(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).send(MAIL);

        // THEN
        assertThat(messageId).isEqualTo("ses-2");
        assertThat(requests).hasValue(2);
        assertThat(waits).containsExactly(Duration.ofMillis(100));
    }
}
