package io.bucketdigest.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketdigest.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The running local pipeline's ready file ({@code $BUCKET_DIGEST_HOME/local.json}): endpoint, region and every
 * resource name. The pipeline writes it when ready and deletes it on shutdown, so its presence means "running".
 */
public final class LocalPipeline {

    private final Path file;
    private final JsonNode root;

    private LocalPipeline(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    public static Optional<LocalPipeline> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readString(file));
            if (root == null || !root.isObject()) {
                throw new IOException("not a JSON object");
            }
            return Optional.of(new LocalPipeline(file, root));
        } catch (IOException e) {
            throw CliException.resource("the local pipeline file " + file + " cannot be read (" + e.getMessage()
                    + "). If the local pipeline is not running, delete the file; otherwise restart it.");
        }
    }

    public Optional<String> field(String name) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        String text = value.isTextual() ? value.textValue() : value.toString();
        return text.isBlank() ? Optional.empty() : Optional.of(text.trim());
    }

    public Path file() {
        return file;
    }

    /** How sources from this file are labelled ("local pipeline"); {@link #file()} says where it is. */
    public String describe() {
        return "local pipeline";
    }
}
