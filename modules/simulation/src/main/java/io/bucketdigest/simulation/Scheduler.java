package io.bucketdigest.simulation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Runs actors one at a time on simulated time. Each actor (one Lambda invocation, the sweep, an operator) runs in its
 * own thread, but only the one the scheduler resumed runs: it hands control back at its next request, and the
 * scheduler then picks the next actor from its seeded random source. So any two requests of one actor can have any
 * other actor's requests between them, and the same seed always gives the same interleaving, faults and trace.
 *
 * <p>Time only moves when the scheduler moves it: each request costs a little, and when no actor is ready the clock
 * jumps to the next timer (a queue delivery, the sweep, an upload) or the next actor's wake-up.
 */
final class Scheduler {

    private final SplittableRandom random;
    private final FaultPlan faults;
    private final Trace trace;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final List<Task> tasks = new ArrayList<>();
    private final ThreadLocal<Task> current = new ThreadLocal<>();
    private final Semaphore control = new Semaphore(0);
    private final java.util.ArrayDeque<Worker> idle = new java.util.ArrayDeque<>();
    private final List<Worker> workers = new ArrayList<>();
    private Instant now;
    private long sequence;
    private long steps;
    private final boolean prioritized;

    Scheduler(long seed, Instant start, FaultPlan faults, Trace trace) {
        this.random = new SplittableRandom(seed);
        this.prioritized = random.nextBoolean();
        this.now = start;
        this.faults = faults;
        this.trace = trace;
    }

    Instant now() {
        return now;
    }

    SplittableRandom random() {
        return random;
    }

    long steps() {
        return steps;
    }

    Trace trace() {
        return trace;
    }

    /** A clock for one actor: simulated time plus its skew. */
    Clock clock(Duration skew) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.plus(skew);
            }
        };
    }

    void at(Instant when, String name, Runnable action) {
        timers.add(new Timer(when.isBefore(now) ? now : when, sequence++, name, action));
    }

    /**
     * Starts an actor. {@code onEnd} runs on the scheduler's thread when the actor returns, dies or throws, with the
     * way it ended.
     */
    Task spawn(String name, Instant deadline, Runnable body, Consumer<Ending> onEnd) {
        Task task = new Task(name, deadline, onEnd, body);
        task.priority = random.nextDouble();
        Worker worker = idle.isEmpty() ? startWorker() : idle.pop();
        worker.task = task;
        worker.assigned.release();
        tasks.add(task);
        trace.line(now, name, "start");
        return task;
    }

    /** Actors run on reused threads: a run starts thousands of invocations, and a new thread for each costs more. */
    private Worker startWorker() {
        Worker worker = new Worker();
        Thread thread = new Thread(worker, "sim-worker-" + workers.size());
        thread.setDaemon(true);
        workers.add(worker);
        thread.start();
        return worker;
    }

    private final class Worker implements Runnable {
        private final Semaphore assigned = new Semaphore(0);
        private Task task;

        @Override
        public void run() {
            while (true) {
                assigned.acquireUninterruptibly();
                Task mine = task;
                if (mine == null) {
                    return;
                }
                runActor(mine);
                task = null;
                idle.push(this);
                control.release();
            }
        }
    }

    private void runActor(Task task) {
        current.set(task);
        task.turn.acquireUninterruptibly();
        try {
            if (task.killReason != null) {
                throw new Killed(task.killReason);
            }
            task.body.run();
            task.ending = Ending.returned();
        } catch (Killed e) {
            task.ending = Ending.killed(e.getMessage());
        } catch (Throwable e) {
            task.ending = Ending.threw(e);
        } finally {
            task.finished = true;
            current.remove();
        }
    }

    /**
     * Called by an actor before each request: hands control to the scheduler and returns, when this actor is resumed,
     * the fault the world decided for the request. Outside the simulation's actors (setup, checks) it returns NONE.
     */
    Fault beforeRequest(String label, RequestKind kind) {
        Task task = current.get();
        if (task == null) {
            return Fault.NONE;
        }
        if (task.killReason != null) {
            throw new Killed(task.killReason);
        }
        task.label = label;
        task.kind = kind;
        control.release();
        task.turn.acquireUninterruptibly();
        if (task.killReason != null) {
            throw new Killed(task.killReason);
        }
        Fault fault = task.fault;
        task.fault = Fault.NONE;
        return fault;
    }

    /** The calling actor waits {@code duration} of simulated time; other actors run meanwhile. */
    void sleep(Duration duration) {
        Task task = current.get();
        if (task == null || duration.isZero() || duration.isNegative()) {
            return;
        }
        task.wakeAt = now.plus(duration);
        beforeRequest("sleep " + duration.toMillis() + "ms", RequestKind.SLEEP);
    }

    /** Kills the calling actor now (used after a request that took effect, for a crash after it). */
    Killed killCurrent(String why) {
        Task task = current.get();
        if (task != null) {
            task.killReason = why;
        }
        return new Killed(why);
    }

    /** The actor on whose thread this runs, or null outside the actors. */
    Task currentTask() {
        return current.get();
    }

    /** Runs until nothing is left to do before {@code end}; then the clock stands at {@code end}. */
    void runUntil(Instant end) {
        while (true) {
            fireDueTimers();
            List<Task> ready = new ArrayList<>();
            for (Task task : tasks) {
                if (task.wakeAt == null || !task.wakeAt.isAfter(now)) {
                    ready.add(task);
                }
            }
            if (!ready.isEmpty()) {
                step(pick(ready));
                continue;
            }
            Instant next = null;
            if (!timers.isEmpty()) {
                next = timers.peek().at();
            }
            for (Task task : tasks) {
                if (next == null || task.wakeAt.isBefore(next)) {
                    next = task.wakeAt;
                }
            }
            if (next == null || next.isAfter(end)) {
                if (now.isBefore(end)) {
                    now = end;
                }
                return;
            }
            now = next;
        }
    }

    /**
     * Uniform seeds pick any ready actor. Priority seeds (in the manner of PCT, probabilistic concurrency testing) run
     * the ready actor of highest priority and now and then demote the one running: long runs of one actor while
     * another waits mid-way, the orders that races need and that uniform picking rarely makes.
     */
    private Task pick(List<Task> ready) {
        if (!prioritized) {
            return ready.get(random.nextInt(ready.size()));
        }
        Task best = ready.get(0);
        for (Task task : ready) {
            if (task.priority > best.priority) {
                best = task;
            }
        }
        if (random.nextInt(40) == 0) {
            best.priority = random.nextDouble() * 0.1;
        }
        return best;
    }

    /** Kills every actor still running and stops the threads; for the end of a run. */
    void killAll() {
        for (Task task : List.copyOf(tasks)) {
            task.killReason = "simulation ended";
            resume(task);
        }
        while (!idle.isEmpty()) {
            Worker worker = idle.pop();
            worker.task = null;
            worker.assigned.release();
        }
    }

    private void fireDueTimers() {
        while (!timers.isEmpty() && !timers.peek().at().isAfter(now)) {
            Timer timer = timers.poll();
            timer.action().run();
        }
    }

    private void step(Task task) {
        steps++;
        if (task.started && task.kind != RequestKind.SLEEP && !task.inFlight) {
            // The request is on its way: other actors run while it takes its time; it lands when the actor is next
            // picked after that.
            task.inFlight = true;
            task.wakeAt = now.plus(faults.latency(task.kind, random));
            return;
        }
        task.inFlight = false;
        task.wakeAt = null;
        if (task.started && task.killReason == null) {
            if (now.isAfter(task.deadline)) {
                task.killReason = "Lambda deadline";
            } else if (task.kind != RequestKind.SLEEP) {
                Fault fault = task.stalled ? faults.decideAfterStall(task.kind, random, now)
                        : faults.decide(task.kind, random, now);
                if (fault == Fault.STALL) {
                    task.stalled = true;
                    task.wakeAt = now.plus(faults.stall(random));
                    trace.line(now, task.name, "stalls before " + task.label);
                    return;
                }
                task.stalled = false;
                if (fault == Fault.CRASH_BEFORE) {
                    task.killReason = "crash before " + task.label;
                } else {
                    task.fault = fault;
                }
                if (fault != Fault.NONE) {
                    trace.line(now, task.name, fault + " " + task.label);
                } else if (trace.verbose()) {
                    trace.line(now, task.name, task.label);
                }
            }
        }
        task.started = true;
        resume(task);
    }

    private void resume(Task task) {
        task.turn.release();
        control.acquireUninterruptibly();
        if (task.finished) {
            tasks.remove(task);
            trace.line(now, task.name, "end: " + task.ending);
            task.onEnd.accept(task.ending);
        }
    }

    private record Timer(Instant at, long sequence, String name, Runnable action) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    /** How an actor ended. */
    record Ending(Kind kind, String detail, Throwable error) {
        enum Kind { RETURNED, KILLED, THREW }

        static Ending returned() {
            return new Ending(Kind.RETURNED, "returned", null);
        }

        static Ending killed(String why) {
            return new Ending(Kind.KILLED, why, null);
        }

        static Ending threw(Throwable error) {
            return new Ending(Kind.THREW, error.toString(), error);
        }

        @Override
        public String toString() {
            return detail;
        }
    }

    static final class Task {
        private final String name;
        private final Instant deadline;
        private final Consumer<Ending> onEnd;
        private final Runnable body;
        private final Semaphore turn = new Semaphore(0);
        private Instant wakeAt;
        private String label = "start";
        private RequestKind kind = RequestKind.SLEEP;
        private boolean started;
        private boolean stalled;
        private volatile boolean finished;
        private String killReason;
        private Fault fault = Fault.NONE;
        private Ending ending;
        private double priority;
        private boolean inFlight;

        private Task(String name, Instant deadline, Consumer<Ending> onEnd, Runnable body) {
            this.name = name;
            this.deadline = deadline;
            this.onEnd = onEnd;
            this.body = body;
        }

        String name() {
            return name;
        }
    }
}
