package io.bucketdigest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.apache.logging.log4j.core.config.plugins.processor.PluginProcessor;

/**
 * The function jar carries a trimmed log4j plugin cache instead of the merged caches of its libraries (the pom's shade
 * filter leaves those out). log4j loads the class of every plugin in the cache at start-up and instantiates every
 * ConfigurationFactory (the JSON and YAML ones initialize Jackson to see whether it is there), and the JSON template
 * layout instantiates every resolver factory: with 58 plugins instead of 254 and the properties factory only, logging
 * init loads about 500 fewer classes. A plugin missing from the trim fails at start-up with "Invalid element" or
 * "unknown resolver" on the status logger, so the lists below must cover every component of log4j2.properties and
 * every resolver of the layout's template. The check fails when the committed cache is not the libraries' caches
 * trimmed to the list (after a log4j or Powertools upgrade); rerun the module's test with
 * {@code -DregeneratePluginCache=true} to rewrite it.
 */
public final class LogPluginCaches {

    /** Where a function module commits its trimmed cache (the shade filter keeps the libraries' caches out). */
    public static final Path COMMITTED = Path.of("src/main/resources", PluginProcessor.PLUGIN_CACHE_FILE);

    /** Whole categories kept: attribute type converters and the JSON template layout's interceptors. */
    private static final Set<String> WHOLE_CATEGORIES = Set.of("typeconverter", "jsontemplateresolverinterceptor");

    /**
     * Categories kept in part: the properties configuration only (XML would load the JDK's XML parser, about 150
     * classes), the components log4j2.properties uses, the resolvers Powertools' LambdaJsonLayout.json uses, the
     * lookups that need neither JMX nor JNDI. No pattern converters: nothing here formats with a PatternLayout.
     */
    private static final Map<String, Set<String>> PARTS = Map.of(
            "configurationfactory", Set.of("propertiesconfigurationfactory"),
            "jsontemplateresolverfactory", Set.of("exceptionresolverfactory", "levelresolverfactory",
                    "messageresolverfactory", "powertoolsresolverfactory", "timestampresolverfactory"),
            "core", Set.of("appenders", "appenderref", "appender-ref", "console", "jsontemplatelayout",
                    "eventtemplateadditionalfield", "loggers", "logger", "root", "properties", "property"),
            "lookup", Set.of("ctx", "date", "env", "event", "java", "lower", "main", "map", "marker", "sd", "sys",
                    "upper"));

    private LogPluginCaches() {}

    /** Fails when the committed cache is not the libraries' caches trimmed; rewrites it first if asked to. */
    public static void assertCommittedCacheIsCurrent(ClassLoader classpath) throws IOException {
        byte[] expected = trimmedLibraryCaches(classpath);
        if (Boolean.getBoolean("regeneratePluginCache")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.write(COMMITTED, expected);
        }
        assertThat(Files.readAllBytes(COMMITTED))
                .as("%s is stale: rerun this test with -DregeneratePluginCache=true and commit the file", COMMITTED)
                .isEqualTo(expected);
    }

    private static byte[] trimmedLibraryCaches(ClassLoader classpath) throws IOException {
        List<URL> libraries = Collections.list(classpath
                        .getResources(PluginProcessor.PLUGIN_CACHE_FILE)).stream()
                .filter(url -> url.getProtocol().equals("jar"))
                .toList();
        assertThat(libraries).as("log4j-core's plugin cache on the test classpath").isNotEmpty();
        PluginCache cache = new PluginCache();
        cache.loadCacheFiles(Collections.enumeration(libraries));
        cache.getAllCategories().keySet()
                .removeIf(category -> !WHOLE_CATEGORIES.contains(category) && !PARTS.containsKey(category));
        PARTS.forEach((category, names) -> cache.getCategory(category).keySet().retainAll(names));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cache.writeCache(out);
        return out.toByteArray();
    }
}
