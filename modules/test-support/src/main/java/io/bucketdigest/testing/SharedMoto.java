package io.bucketdigest.testing;

import io.bucketdigest.emulator.MotoServer;

/**
 * One {@link MotoServer} per test JVM, started on first use and stopped by a shutdown hook: integration test classes
 * share it instead of paying ~1.5 s each for a new process. Isolate tests by resource names (a table or queue per
 * test) or by {@link MotoServer#reset()} in a {@code @BeforeEach}. Start failures throw, so a test fails rather than
 * skips when moto_server is missing.
 */
public final class SharedMoto {

    private static MotoServer server;

    private SharedMoto() {}

    public static synchronized MotoServer get() {
        if (server == null) {
            MotoServer started = MotoServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "moto-server-shutdown"));
            server = started;
        }
        return server;
    }
}
