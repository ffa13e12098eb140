package io.bucketdigest.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Paths in the repository under test, and raw access to template.yaml for the invariant checks. */
final class Repository {

    private Repository() {}

    /** The repository root: the build passes it as bucketdigest.repositoryRoot; else the nearest template.yaml up. */
    static Path root() {
        String configured = System.getProperty("bucketdigest.repositoryRoot");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (no template.yaml above "
                    + Path.of("").toAbsolutePath() + "); set -Dbucketdigest.repositoryRoot");
        }
        return dir;
    }

    static Path template() {
        return root().resolve("template.yaml");
    }

    static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    /** template.yaml as parsed maps (short-form intrinsics in long form). */
    static Map<String, Object> rawTemplate() {
        return CloudFormationYaml.parse(read(template()), template().toString());
    }

    /** Walks maps by key and lists by index ("0", "1", ...); null when a step is missing. */
    static Object at(Object root, String... path) {
        Object current = root;
        for (String step : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step.chars().allMatch(Character::isDigit)
                    && Integer.parseInt(step) < list.size()) {
                current = list.get(Integer.parseInt(step));
            } else {
                return null;
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mapAt(Object root, String... path) {
        Object value = at(root, path);
        if (!(value instanceof Map)) {
            throw new AssertionError(String.join(".", path) + " is not a mapping: " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> listAt(Object root, String... path) {
        Object value = at(root, path);
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? (List<Object>) list : List.of(value);
    }
}
