package io.bucketdigest.core.subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One exclusion pattern, compiled once. {@code *} is any characters except '/', {@code ?} one character except '/',
 * {@code **} any characters including '/', and {@code **}{@code /} zero or more whole folders. A pattern without '/'
 * matches the key's last segment at any depth ({@code *.tmp}, {@code _SUCCESS}); a pattern with '/' matches the whole
 * key ({@code **}{@code /_temporary/**}). Every other character stands for itself.
 */
public record Glob(String pattern, Pattern regex, boolean lastSegmentOnly) {

    public static final int MAX_LENGTH = 256;

    /**
     * @throws InvalidSubscriptionException naming every problem of {@code pattern}
     */
    public static Glob compile(String pattern) {
        List<String> problems = problems(pattern);
        if (!problems.isEmpty()) {
            throw new InvalidSubscriptionException(problems);
        }
        return new Glob(pattern, Pattern.compile(toRegex(pattern), Pattern.DOTALL), pattern.indexOf('/') < 0);
    }

    /** What is wrong with {@code pattern} as an exclusion, in words; empty when it is valid. */
    public static List<String> problems(String pattern) {
        List<String> problems = new ArrayList<>();
        if (pattern == null || pattern.isEmpty()) {
            problems.add("exclusion patterns must not be empty");
            return problems;
        }
        String shown = "exclusion '" + printable(pattern) + "'";
        if (pattern.length() > MAX_LENGTH) {
            problems.add(shown + " is longer than " + MAX_LENGTH + " characters");
        }
        if (pattern.chars().anyMatch(c -> Character.isISOControl(c))) {
            problems.add(shown + " contains a control character");
        }
        if (pattern.contains("***")) {
            problems.add(shown + " has three or more '*' in a row: use '*' within a folder or '**' across folders");
        }
        if (pattern.isBlank()) {
            problems.add(shown + " is only blanks");
        }
        return problems;
    }

    public boolean matches(String key) {
        String subject = lastSegmentOnly ? key.substring(key.lastIndexOf('/') + 1) : key;
        return regex.matcher(subject).matches();
    }

    /** The first of {@code globs} that matches {@code key}. */
    public static Optional<Glob> firstMatch(List<Glob> globs, String key) {
        for (Glob glob : globs) {
            if (glob.matches(key)) {
                return Optional.of(glob);
            }
        }
        return Optional.empty();
    }

    private static String toRegex(String pattern) {
        StringBuilder regex = new StringBuilder(pattern.length() + 16);
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '*' && pattern.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 3;
            } else if (c == '*' && pattern.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else if (c == '*') {
                regex.append("[^/]*");
                i++;
            } else if (c == '?') {
                regex.append("[^/]");
                i++;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return regex.toString();
    }

    private static String printable(String pattern) {
        StringBuilder out = new StringBuilder();
        pattern.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return pattern.codePointCount(0, pattern.length()) > 80 ? out + "…" : out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Glob that && pattern.equals(that.pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
