package io.bucketdigest.aws.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads typed settings from an environment map and collects every problem, so a misconfigured function fails at
 * start-up with one message that names each missing or bad variable.
 */
public final class Environment {

    private final Map<String, String> variables;
    private final List<String> problems = new ArrayList<>();

    public Environment(Map<String, String> variables) {
        this.variables = variables;
    }

    public String required(String name) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            problems.add(name + " is not set");
            return "";
        }
        return value.trim();
    }

    public Optional<String> optional(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed < min || parsed > max) {
                problems.add(name + " must be between " + min + " and " + max + " (got " + parsed + ")");
                return defaultValue;
            }
            return parsed;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a whole number (got '" + value.get() + "')");
            return defaultValue;
        }
    }

    public double decimal(String name, double defaultValue, double min, double max) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            double parsed = Double.parseDouble(value.get());
            if (!(parsed >= min && parsed <= max)) {
                problems.add(name + " must be between " + min + " and " + max + " (got " + parsed + ")");
                return defaultValue;
            }
            return parsed;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a number (got '" + value.get() + "')");
            return defaultValue;
        }
    }

    public Duration seconds(String name, Duration defaultValue, long maxSeconds) {
        return Duration.ofSeconds(integer(name, (int) defaultValue.toSeconds(), 0, (int) maxSeconds));
    }

    public List<String> list(String name) {
        return optional(name)
                .map(v -> Arrays.stream(v.split("[,;\\s]+")).filter(s -> !s.isBlank()).toList())
                .orElse(List.of());
    }

    public Optional<URI> uri(String name) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(value.get());
            if (uri.getScheme() == null || uri.getHost() == null) {
                problems.add(name + " must be an absolute URL such as http://127.0.0.1:5000 (got '" + value.get() + "')");
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (IllegalArgumentException e) {
            problems.add(name + " is not a URL (got '" + value.get() + "')");
            return Optional.empty();
        }
    }

    /** Records a problem found while combining settings (e.g. an invalid default subscription). */
    public void problem(String description) {
        problems.add(description);
    }

    /** Throws one exception naming every problem found so far. */
    public void check(String functionName) {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(functionName + " is misconfigured: " + String.join("; ", problems));
        }
    }
}
