package io.bucketdigest.digest;

import io.bucketdigest.testing.LogPluginCaches;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** This function's jar carries the trimmed log4j plugin cache {@link LogPluginCaches} describes. */
class LogPluginCacheTest {

    @Test
    void committedCache_isTheLibrariesCachesTrimmedToWhatLog4j2XmlUses() throws IOException {
        LogPluginCaches.assertCommittedCacheIsCurrent(LogPluginCacheTest.class.getClassLoader());
    }
}
