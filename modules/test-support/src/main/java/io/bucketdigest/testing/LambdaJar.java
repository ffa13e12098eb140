package io.bucketdigest.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * What a function's shaded jar holds, read from the class files themselves (no tool to install, so nothing to skip):
 * its classes, which of our classes ({@code io/bucketdigest/}) the handlers reach, and which classes our
 * reached code names that neither the jar nor the JDK has. A class reaches what {@link ClassReferences} finds in it,
 * which over-approximates what runs, never under.
 */
public final class LambdaJar {

    /** Packages that have no business in any function's jar: test, tooling and non-Lambda modules. */
    public static final List<String> NEVER_IN_A_FUNCTION = List.of(
            "io/bucketdigest/testing/", "io/bucketdigest/emulator/", "io/bucketdigest/mailreader/",
            "io/bucketdigest/cli/", "io/bucketdigest/local/", "io/bucketdigest/simulation/",
            "io/bucketdigest/bench/", "io/bucketdigest/template/",
            "picocli/", "org/junit/", "org/opentest4j/", "org/apiguardian/", "org/assertj/", "org/awaitility/",
            "org/mockito/", "net/bytebuddy/", "org/openjdk/jmh/", "org/yaml/snakeyaml/", "org/elasticmq/", "scala/",
            "com/amazonaws/services/lambda/runtime/tests/");

    private static final String OURS = "io/bucketdigest/";
    private static final String VERSIONED = "META-INF/versions/";

    private final Path path;
    private final Map<String, Set<String>> referencesOfOurs;
    private final Set<String> classes;

    private LambdaJar(Path path, Set<String> classes, Map<String, Set<String>> referencesOfOurs) {
        this.path = path;
        this.classes = Set.copyOf(classes);
        this.referencesOfOurs = Map.copyOf(referencesOfOurs);
    }

    /** Reads the jar; a missing jar is an error that says how to build it. */
    public static LambdaJar read(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no Lambda jar at " + jar.toAbsolutePath()
                    + ": run this test through `mvn verify` (package builds the jar before the integration tests)");
        }
        Set<String> classes = new HashSet<>();
        Map<String, Set<String>> references = new HashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.endsWith(".class") || name.endsWith("module-info.class")) {
                    continue;
                }
                String className = className(name);
                classes.add(className);
                if (className.startsWith(OURS)) {
                    try (InputStream in = file.getInputStream(entry)) {
                        references.put(className, ClassReferences.of(in.readAllBytes()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        return new LambdaJar(jar, classes, references);
    }

    public Path path() {
        return path;
    }

    /** Internal names ({@code io/bucketdigest/ingest/IngestHandler}) of every class, multi-release copies folded. */
    public Set<String> classes() {
        return classes;
    }

    /** The classes under any of these package prefixes ({@code software/amazon/awssdk/services/sesv2/}). */
    public Set<String> classesUnder(Collection<String> packagePrefixes) {
        Set<String> found = new TreeSet<>();
        for (String name : classes) {
            if (packagePrefixes.stream().anyMatch(name::startsWith)) {
                found.add(name);
            }
        }
        return found;
    }

    /** The AWS SDK service modules the jar carries: {@code dynamodb}, {@code sqs}, ... */
    public Set<String> sdkServices() {
        String prefix = "software/amazon/awssdk/services/";
        Set<String> services = new TreeSet<>();
        for (String name : classes) {
            if (name.startsWith(prefix)) {
                services.add(name.substring(prefix.length(), name.indexOf('/', prefix.length())));
            }
        }
        return services;
    }

    /** Our classes that the roots (binary names, e.g. the handlers) reach, themselves included. */
    public Set<String> reachedFrom(Collection<String> roots) {
        Set<String> reached = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String root : roots) {
            String name = root.replace('.', '/');
            if (!referencesOfOurs.containsKey(name)) {
                throw new IllegalArgumentException(root + " is not in " + path.getFileName());
            }
            todo.add(name);
        }
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (reached.add(name)) {
                for (String named : referencesOfOurs.get(name)) {
                    if (referencesOfOurs.containsKey(named) && !reached.contains(named)) {
                        todo.add(named);
                    }
                }
            }
        }
        return reached;
    }

    /** Our classes in the jar that nothing reached from the roots uses: dead weight, or a test helper that leaked. */
    public Set<String> unreachedFrom(Collection<String> roots) {
        Set<String> unreached = new TreeSet<>(referencesOfOurs.keySet());
        unreached.removeAll(reachedFrom(roots));
        return unreached;
    }

    /**
     * Classes that our reached code names and that neither the jar nor the JDK holds, as "user -> missing": each one a
     * NoClassDefFoundError waiting for the path that needs it (a pruned class of ours, an optional dependency the
     * function forgot to declare).
     */
    public Set<String> missingFrom(Collection<String> roots) {
        Set<String> missing = new TreeSet<>();
        for (String user : reachedFrom(roots)) {
            for (String named : referencesOfOurs.get(user)) {
                if (!classes.contains(named) && !inJdk(named)) {
                    missing.add(user + " -> " + named);
                }
            }
        }
        return missing;
    }

    private static boolean inJdk(String internalName) {
        try {
            Class.forName(internalName.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String className(String entryName) {
        String name = entryName.substring(0, entryName.length() - ".class".length());
        if (name.startsWith(VERSIONED)) {
            name = name.substring(name.indexOf('/', VERSIONED.length()) + 1);
        }
        return name;
    }
}
