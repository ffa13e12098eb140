package io.bucketdigest.bench;

import io.bucketdigest.emulator.MotoServer;

/** Names the moto a report ran against, since a launcher can change how fast it answers (never what). */
final class BenchEmulator {

    private static final String PARTITIONED_QUERY = "moto_partitioned_query.py";

    private BenchEmulator() {}

    static String sentence() {
        String launcher = MotoServer.launcher();
        if (launcher.contains(PARTITIONED_QUERY)) {
            return "moto_server ran as `" + launcher + "`: moto 5.2.1 answers a base-table Query by sorting the whole "
                    + "table, so ingest's one Query per object makes a large burst quadratic on it; this launcher has "
                    + "that Query read only the queried partition, and `scripts/bench` first checks that it answers "
                    + "120 random queries, page by page, exactly as plain moto does. Counts do not depend on it; "
                    + "emulator times are shorter with it.";
        }
        return "moto_server ran as `" + launcher + "`.";
    }
}
