package org.implicitbias.optim.external;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One external optimizer process and its three streams, so that nothing it does can block the oracle.
 *
 * <p>Lines to its stdin are written by a writer thread (a process that does not read cannot stall a
 * send); its stdout is split into lines by a reader thread, and {@link #receive} waits for the next
 * line with a deadline; its stderr is drained by a third thread that keeps the last
 * {@value #STDERR_LINES} lines for the reasons of failures. {@link #kill()} ends the process and every
 * descendant it started (their handles are collected while the process is alive, since orphans can
 * no longer be found from it). Processes still alive when the JVM exits are killed by a shutdown hook.
 */
final class ExternalProcess {
    /** How many lines of stderr are kept. */
    static final int STDERR_LINES = 8;
    /** The longest stderr line kept, in characters. */
    static final int STDERR_LINE_CHARS = 300;
    /** How long {@link #stop(String)} waits for the process to exit by itself after {@code stop}. */
    static final long STOP_WAIT_MILLIS = 3000;

    private static final Set<ExternalProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ExternalProcess p : LIVE) {
                p.kill();
            }
        }, "external-optimizer-reaper"));
    }

    /** What went wrong with the process, as a phrase for the run's reason. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /** A marker on the stdout queue: end of stream, or a line longer than allowed. */
    private record End(String why) {
    }

    private final Process process;
    private final String name;
    private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>(64);
    private final BlockingQueue<String> outgoing = new LinkedBlockingQueue<>();
    private final Deque<String> stderr = new ArrayDeque<>();
    private final Thread errReader;
    private final List<ProcessHandle> descendants = new ArrayList<>();
    private volatile boolean ended;
    private volatile String writeError;

    private ExternalProcess(Process process, String name, int maxLineChars) {
        this.process = process;
        this.name = name;
        Thread outReader = new Thread(() -> readLines(process.getInputStream(), maxLineChars), "external-stdout-" + process.pid());
        errReader = new Thread(() -> readStderr(process.getErrorStream()), "external-stderr-" + process.pid());
        Thread writer = new Thread(this::writeLines, "external-stdin-" + process.pid());
        for (Thread t : new Thread[]{outReader, errReader, writer}) {
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * Starts {@code command} in {@code dir}.
     *
     * @param maxLineChars the longest stdout line accepted
     * @throws Failure when the program cannot be started
     */
    static ExternalProcess start(List<String> command, Path dir, int maxLineChars) throws Failure {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        // Python buffers a piped stdout: unbuffered, a forgotten flush cannot look like a hang
        pb.environment().put("PYTHONUNBUFFERED", "1");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new Failure("could not be started (" + e.getMessage() + ")");
        }
        ExternalProcess ep = new ExternalProcess(p, command.get(0), maxLineChars);
        LIVE.add(ep);
        return ep;
    }

    /** The process id. */
    long pid() {
        return process.pid();
    }

    /** Queues one line (without its newline) for the process's stdin. */
    void send(String line) {
        outgoing.add(line);
    }

    /**
     * The next line of the process's stdout.
     *
     * @param deadlineNanos when to give up, on {@link System#nanoTime()}'s scale
     * @param waitingFor    what was asked, for the message (e.g. the request line)
     * @param within        the time allowed, for the message on a timeout (e.g. {@code within 5 s})
     * @throws Failure on a timeout, the end of stdout (an exit, a crash) or an over-long line
     */
    String receive(long deadlineNanos, String waitingFor, String within) throws Failure {
        Object item;
        try {
            long wait = deadlineNanos - System.nanoTime();
            item = wait > 0 ? lines.poll(wait, TimeUnit.NANOSECONDS) : lines.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while waiting for the answer to " + waitingFor + " (the check was cancelled)");
        }
        if (item instanceof String s) {
            return s;
        }
        if (item instanceof End end && end.why() != null) {
            throw new Failure(end.why());
        }
        if (item == null) {
            throw new Failure("gave no answer to " + waitingFor + " " + within + "; it was killed");
        }
        // end of stdout: the process exited (or closed it); give it a moment to report its exit status
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String write = writeError != null ? "; writing to it failed (" + writeError + ")" : "";
        if (!process.isAlive()) {
            int code = process.exitValue();
            String how = code == 0 ? "exited early (exit code 0)"
                    : code > 128 ? "was killed by signal " + (code - 128) + " (exit code " + code + ")"
                    : "crashed (exit code " + code + ")";
            throw new Failure(how + " before answering " + waitingFor + write);
        }
        throw new Failure("closed its standard output before answering " + waitingFor + write);
    }

    /**
     * Asks the process to end: writes {@code stop} and closes its stdin, waits up to
     * {@value #STOP_WAIT_MILLIS} ms for it to exit, then kills whatever is left of it.
     */
    void stop(String stopLine) {
        if (ended) {
            return;
        }
        collectDescendants();
        send(stopLine);
        outgoing.add(CLOSE);
        try {
            process.waitFor(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
    }

    /**
     * Kills the process and its descendants (idempotent); waits briefly so stderr is complete. A process
     * that has already ended (a crash: the reader of stdout waits for its exit status) has its stderr read
     * to the end first, since destroying it closes the stream under the reader, which would lose its last
     * words. An interrupt of the calling thread does not cut these bounded waits short; it is kept for
     * the caller.
     */
    void kill() {
        if (!ended) {
            collectDescendants();
            ended = true;
        }
        boolean interrupted = Thread.interrupted();
        try {
            if (!process.isAlive()) {
                errReader.join(1000);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        for (ProcessHandle h : descendantsSnapshot()) {
            h.destroyForcibly();
        }
        process.destroyForcibly();
        outgoing.add(CLOSE);
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            errReader.join(1000);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(this);
    }

    /** Whether the process or any descendant seen is still alive. */
    boolean alive() {
        if (process.isAlive()) {
            return true;
        }
        for (ProcessHandle h : descendantsSnapshot()) {
            if (h.isAlive()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The last lines of stderr, joined by {@code " | "}, or a note that it was empty.
     */
    String stderrTail() {
        synchronized (stderr) {
            if (stderr.isEmpty()) {
                return "stderr was empty";
            }
            return "stderr (last lines): " + String.join(" | ", stderr);
        }
    }

    private void collectDescendants() {
        if (process.isAlive()) {
            List<ProcessHandle> now = process.descendants().toList();
            synchronized (descendants) {
                for (ProcessHandle h : now) {
                    if (!descendants.contains(h)) {
                        descendants.add(h);
                    }
                }
            }
        }
    }

    private List<ProcessHandle> descendantsSnapshot() {
        synchronized (descendants) {
            return List.copyOf(descendants);
        }
    }

    /** The line that makes the writer close stdin. */
    private static final String CLOSE = "\u0000close";

    private void writeLines() {
        try (Writer w = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            while (true) {
                String line = outgoing.take();
                if (CLOSE.equals(line)) {
                    return;
                }
                w.write(line);
                w.write('\n');
                w.flush();
            }
        } catch (IOException e) {
            writeError = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readLines(InputStream in, int maxLineChars) {
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            char[] buf = new char[8192];
            int n;
            while ((n = r.read(buf)) >= 0) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        line.append(buf, from, i - from);
                        int len = line.length();
                        if (len > 0 && line.charAt(len - 1) == '\r') {
                            line.setLength(len - 1);
                        }
                        if (!offer(line.toString())) {
                            return;
                        }
                        line.setLength(0);
                        from = i + 1;
                    }
                }
                line.append(buf, from, n - from);
                if (line.length() > maxLineChars) {
                    offer(new End("wrote a line longer than " + maxLineChars + " characters without a newline, starting "
                            + Protocol.quote(line.substring(0, 200))));
                    return;
                }
            }
            if (line.length() > 0) {
                offer(line.toString());
            }
        } catch (IOException e) {
            // the stream was closed under the reader: the process ended
        }
        offer(new End(null));
    }

    /** Hands an item to {@link #receive}; false once the process has been ended and nobody will read. */
    private boolean offer(Object item) {
        try {
            while (!lines.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (ended) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void readStderr(InputStream in) {
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = r.read()) >= 0) {
                if (c == '\n') {
                    keep(line);
                    line.setLength(0);
                } else if (line.length() < STDERR_LINE_CHARS) {
                    line.append((char) c);
                }
            }
            keep(line);
        } catch (IOException e) {
            // the stream was closed: the process ended
        }
    }

    private void keep(StringBuilder line) {
        String s = line.toString().strip();
        if (s.isEmpty()) {
            return;
        }
        synchronized (stderr) {
            stderr.addLast(s);
            while (stderr.size() > STDERR_LINES) {
                stderr.removeFirst();
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
