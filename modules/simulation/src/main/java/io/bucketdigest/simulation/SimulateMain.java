package io.bucketdigest.simulation;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code scripts/simulate}: {@code --seeds N [--from S]} runs N seeds and prints each violation with the seed that
 * replays it; {@code --seed S} runs one seed and prints its whole trace; {@code --bug NAME} puts a known bug back (see
 * {@link Bug}). Exit status 0 when no seed violated a property, 1 otherwise, 2 for bad arguments.
 */
public final class SimulateMain {

    private SimulateMain() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        long seeds = 0;
        long from = 1;
        Long single = null;
        Set<Bug> bugs = EnumSet.noneOf(Bug.class);
        boolean sdk = false;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--seeds" -> seeds = Long.parseLong(args[++i]);
                    case "--from" -> from = Long.parseLong(args[++i]);
                    case "--seed" -> single = Long.parseLong(args[++i]);
                    case "--threads" -> threads = Integer.parseInt(args[++i]);
                    case "--sdk" -> sdk = true;
                    case "--bug" -> bugs.add(Bug.valueOf(args[++i].toUpperCase(Locale.ROOT).replace('-', '_')));
                    case "-h", "--help" -> {
                        usage(out);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (single == null && seeds <= 0) {
                throw new IllegalArgumentException("give --seeds N (N > 0) or --seed S");
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            err.println("simulate: " + (e instanceof ArrayIndexOutOfBoundsException ? "an option lacks its value"
                    : e.getMessage()));
            usage(err);
            return 2;
        }
        Bugs injected = new Bugs(bugs);
        if (sdk) {
            if (!bugs.isEmpty()) {
                err.println("simulate: --bug works on the fakes only, not with --sdk");
                return 2;
            }
            return runOnSdk(single != null ? single : from, single != null ? 1 : seeds, single != null, out);
        }
        if (single != null) {
            long seed = single;
            Simulation.Result result = Simulation.run(seed, new Simulation.Options(true, true, injected));
            result.trace().lines().forEach(out::println);
            printSummary(out, result);
            result.report().violations().forEach(v -> out.println("VIOLATION seed=" + seed + " " + v));
            return result.failed() ? 1 : 0;
        }
        return runMany(from, seeds, threads, injected, out);
    }

    private static int runMany(long from, long count, int threads, Bugs bugs, PrintStream out) throws Exception {
        long started = System.nanoTime();
        AtomicLong failedSeeds = new AtomicLong();
        AtomicLong flagged = new AtomicLong();
        AtomicLong mails = new AtomicLong();
        AtomicLong events = new AtomicLong();
        AtomicLong reports = new AtomicLong();
        AtomicLong worstLatencySeconds = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Simulation.Result>> results = new ArrayList<>();
            for (long seed = from; seed < from + count; seed++) {
                long s = seed;
                results.add(pool.submit(() -> Simulation.run(s, new Simulation.Options(true, false, bugs))));
            }
            for (Future<Simulation.Result> future : results) {
                Simulation.Result result = future.get();
                Checker.Report report = result.report();
                flagged.addAndGet(report.flaggedDuplicates());
                mails.addAndGet(report.mails());
                events.addAndGet(report.eventsRecorded());
                reports.addAndGet(report.reports());
                worstLatencySeconds.accumulateAndGet(report.worstLatency().toSeconds(), Math::max);
                if (result.failed()) {
                    failedSeeds.incrementAndGet();
                    report.violations().forEach(v -> out.println("VIOLATION seed=" + result.seed() + " " + v
                            + "   (replay: scripts/simulate --seed " + result.seed() + bugFlags(bugs) + ")"));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "simulate: %d seeds (%d..%d)%s in %.1f s: %d events recorded, %d reports, %d mails, "
                        + "%d flagged duplicate mail(s) (%.4f per mail), worst report latency %d s%n",
                count, from, from + count - 1, bugFlags(bugs), seconds, events.get(), reports.get(), mails.get(),
                flagged.get(), mails.get() == 0 ? 0.0 : flagged.get() / (double) mails.get(),
                worstLatencySeconds.get());
        out.println((count - failedSeeds.get()) + " passed, " + failedSeeds.get() + " failed");
        return failedSeeds.get() == 0 ? 0 : 1;
    }

    /** Seeds one after another on one moto_server, each on a fresh table. */
    private static int runOnSdk(long from, long count, boolean trace, PrintStream out) {
        long started = System.nanoTime();
        long failed = 0;
        try (io.bucketdigest.emulator.MotoServer moto = io.bucketdigest.emulator.MotoServer.start();
                io.bucketdigest.emulator.AwsTestClients clients =
                        new io.bucketdigest.emulator.AwsTestClients(moto.endpoint())) {
            for (long seed = from; seed < from + count; seed++) {
                Simulation.Result result = Simulation.runOnSdk(seed,
                        new Simulation.Options(true, trace, Bugs.none()), clients.dynamoDb());
                if (trace) {
                    result.trace().lines().forEach(out::println);
                    printSummary(out, result);
                }
                if (result.failed()) {
                    failed++;
                    long s = seed;
                    result.report().violations().forEach(v -> out.println("VIOLATION seed=" + s + " " + v
                            + "   (replay: scripts/simulate --sdk --seed " + s + ")"));
                }
            }
        }
        out.printf(Locale.ROOT, "simulate --sdk: %d seeds (%d..%d) on the DynamoDB adapters and moto in %.1f s%n",
                count, from, from + count - 1, (System.nanoTime() - started) / 1e9);
        out.println((count - failed) + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    private static String bugFlags(Bugs bugs) {
        StringBuilder flags = new StringBuilder();
        bugs.injected().forEach(b -> flags.append(" --bug ").append(b.name().toLowerCase(Locale.ROOT)));
        return flags.toString();
    }

    private static void printSummary(PrintStream out, Simulation.Result result) {
        Checker.Report r = result.report();
        out.printf(Locale.ROOT, "seed %d: %d steps, %d invocations, %d events recorded, %d reports, %d digests, "
                        + "%d mails, %d flagged duplicates, %d exempt (subscription deleted), worst latency %d s, "
                        + "trace fingerprint %016x%n",
                result.seed(), result.steps(), result.invocations(), r.eventsRecorded(), r.reports(), r.digests(),
                r.mails(), r.flaggedDuplicates(), r.exemptDeleted(), r.worstLatency().toSeconds(),
                result.trace().fingerprint());
    }

    private static void usage(PrintStream out) {
        out.println("usage: scripts/simulate --seeds N [--from S] [--threads T] [--bug NAME]...");
        out.println("       scripts/simulate --sdk --seeds N [--from S]   (the real DynamoDB adapters on moto_server)");
        out.println("       scripts/simulate --seed S [--bug NAME]...   (one seed, with its full trace)");
        out.println("bugs (put a known bug back, to see the simulator catch it): "
                + String.join(", ", EnumSet.allOf(Bug.class).stream()
                        .map(b -> b.name().toLowerCase(Locale.ROOT)).toList()));
    }
}
