package io.bucketdigest.simulation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingest corpus of the core module's tests, on this module's classpath under {@code corpus/}: malformed messages
 * (the normalizer must reject each, with its reason) and hostile ones S3 can really send (accepted, and rendered
 * safely). Each directory's INDEX.txt lists its fixtures.
 */
record Corpus(List<String> malformed, List<String> hostile) {

    static Corpus load() {
        return new Corpus(read("malformed"), read("hostile"));
    }

    private static List<String> read(String directory) {
        List<String> bodies = new ArrayList<>();
        for (String line : resource("corpus/" + directory + "/INDEX.txt").split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String name = trimmed.split("\\|")[0].strip();
            bodies.add(resource("corpus/" + directory + "/" + name));
        }
        if (bodies.isEmpty()) {
            throw new IllegalStateException("the " + directory + " corpus is empty: is corpus/ on the classpath?");
        }
        return List.copyOf(bodies);
    }

    private static String resource(String path) {
        try (InputStream in = Corpus.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
