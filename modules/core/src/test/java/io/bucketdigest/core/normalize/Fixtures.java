package io.bucketdigest.core.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the JSON fixtures under src/test/resources/fixtures and wraps S3 messages the way SNS does. */
public final class Fixtures {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {}

    /**
     * One case of a corpus as listed in its INDEX.txt: the file name under {@code fixtures/<corpus>/} and the note, for
     * {@code malformed} the exact rejection reason, for {@code hostile} why it is accepted.
     */
    public record CorpusCase(String corpus, String fixture, String note) {

        /** The message body, ready for the normalizer (or a simulator). */
        public String body() {
            return read(corpus + "/" + fixture);
        }

        @Override
        public String toString() {
            return corpus + "/" + fixture;
        }
    }

    /** Every message the normalizer must reject, each with its reason: {@code fixtures/malformed/INDEX.txt}. */
    public static List<CorpusCase> malformed() {
        return corpus("malformed");
    }

    /** Hostile messages S3 can really send, accepted and rendered safely: {@code fixtures/hostile/INDEX.txt}. */
    public static List<CorpusCase> hostile() {
        return corpus("hostile");
    }

    /** The cases listed in {@code fixtures/<name>/INDEX.txt}: lines of {@code fixture | note}; '#' starts a comment. */
    static List<CorpusCase> corpus(String name) {
        List<CorpusCase> cases = new ArrayList<>();
        for (String line : read(name + "/INDEX.txt").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int bar = line.indexOf('|');
            if (bar < 0) {
                throw new IllegalStateException(name + "/INDEX.txt: no '|' in line: " + line);
            }
            cases.add(new CorpusCase(name, line.substring(0, bar).trim(), line.substring(bar + 1).trim()));
        }
        return List.copyOf(cases);
    }

    /** The names of the files in {@code fixtures/<name>/} on the test class path, INDEX.txt excluded. */
    static List<String> filesIn(String name) {
        URL directory = Fixtures.class.getResource("/fixtures/" + name);
        if (directory == null) {
            throw new IllegalArgumentException("no fixture directory " + name);
        }
        try (Stream<Path> files = Files.list(Path.of(directory.toURI()))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(file -> !file.equals("INDEX.txt"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture's text, e.g. {@code read("s3/object-created-put.json")}. */
    public static String read(String path) {
        String resource = "/fixtures/" + path;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The SQS body SNS delivers without raw message delivery: the standard envelope with {@code s3Message} as its
     * {@code Message} string.
     */
    public static String snsEnvelope(String s3Message, String snsMessageId) {
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", snsMessageId);
        envelope.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:bucket-digest-events");
        envelope.put("Subject", "Amazon S3 Notification");
        envelope.put("Message", s3Message);
        envelope.put("Timestamp", "2026-11-29T09:32:44.512Z");
        envelope.put("SignatureVersion", "1");
        envelope.put("Signature", "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N8=");
        envelope.put("SigningCertURL",
                "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem");
        envelope.put("UnsubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
                + "arn:aws:sns:us-east-1:123456789012:bucket-digest-events:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55");
        return json(envelope);
    }

    static String json(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
