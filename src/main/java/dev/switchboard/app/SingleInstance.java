package dev.switchboard.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One running Switchboard per data folder. The first start holds an OS file lock on {@code switchboard.lock}
 * (released by the OS when the process dies, so a crash never leaves a stale lock) and listens on a loopback port
 * written, with a random token, to {@code switchboard.instance}. A second start finds the lock taken and sends
 * {@code show <token>} to that port: the running one brings its window forward and answers what it is, and the
 * second start exits. The token keeps other local programs from poking the window; the file is owner-only.
 *
 * <p>{@code status} asks the same port {@code gateway <token>}, which changes nothing: the running one answers
 * where its gateway listens now ({@link #gatewayAt}), which may differ from the {@code port} setting ({@code
 * serve --port}, a port changed since it started). An instance file left by a process that is gone is stale:
 * nothing answers on its port, and {@link #running} says so.
 */
public final class SingleInstance implements AutoCloseable {
    static final String LOCK_FILE = "switchboard.lock";
    static final String INSTANCE_FILE = "switchboard.instance";
    private static final System.Logger LOG = System.getLogger(SingleInstance.class.getName());
    private static final int CONNECT_TIMEOUT_MS = 2_000;

    private final FileChannel channel;
    private final FileLock lock;
    private final ServerSocket server;
    private final Path instanceFile;
    private final Thread acceptor;
    /** Where this process's gateway listens, or null while it does not (starting, paused, failed). */
    private volatile String gateway;

    private SingleInstance(FileChannel channel, FileLock lock, ServerSocket server, Path instanceFile,
                           String token, Supplier<String> onShow) {
        this.channel = channel;
        this.lock = lock;
        this.server = server;
        this.instanceFile = instanceFile;
        this.acceptor = new Thread(() -> accept(token, onShow), "switchboard-single-instance");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** What {@link #acquire} found. */
    public sealed interface Claim {
        /** This process is the one; close it on exit. {@code instance} is null where the folder cannot be locked. */
        record Won(SingleInstance instance) implements Claim {
            public void release() {
                if (instance != null) {
                    instance.close();
                }
            }

            /** See {@link SingleInstance#gatewayAt}; nothing where the folder could not be claimed. */
            public void gatewayAt(String baseUrl) {
                if (instance != null) {
                    instance.gatewayAt(baseUrl);
                }
            }
        }

        /** Another process runs for this folder; {@code answer} is what it said ("window", "headless URL"), or empty. */
        record Taken(Optional<String> answer) implements Claim {
        }
    }

    /**
     * Claims the folder, or asks the process that holds it to show itself.
     *
     * @param onShow run (on the acceptor thread) when a later start asks; returns the answer sent back, such as
     *               {@code window} or {@code headless http://127.0.0.1:9090}
     */
    public static Claim acquire(Path folder, Supplier<String> onShow) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(folder.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this very JVM holds it (tests start twice in one process)
            }
            if (lock == null) {
                channel.close();
                return new Claim.Taken(ask(folder, "show")); // no answer: starting or stopping; the lock says it runs
            }
            var server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            var token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            var instanceFile = folder.resolve(INSTANCE_FILE);
            Files.writeString(instanceFile, server.getLocalPort() + " " + token + "\n", StandardCharsets.UTF_8);
            restrictToOwner(instanceFile);
            return new Claim.Won(new SingleInstance(channel, lock, server, instanceFile, token, onShow));
        } catch (IOException e) {
            // A folder where locks do not work (some network shares) must not keep Switchboard from starting.
            LOG.log(System.Logger.Level.WARNING, "Cannot claim " + folder + " for this process (" + e.getMessage()
                    + "); a second start will not be noticed.");
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
            return new Claim.Won(null);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Windows: the file is in the person's own folder, whose ACL already keeps others out
        }
    }

    /** Tells a later {@code status} where this process's gateway listens now; null when it does not. */
    public void gatewayAt(String baseUrl) {
        gateway = baseUrl;
    }

    /** What {@link #running} learned from the Switchboard running for a folder. */
    public record Running(Optional<String> gateway) {
    }

    /**
     * The Switchboard running for {@code folder}, found from its instance file, with where its gateway listens
     * (empty while it does not); empty when none runs there: no instance file, or a stale one that nothing
     * answers (the process is gone), or an older version that does not answer this question.
     */
    public static Optional<Running> running(Path folder) {
        return ask(folder, "gateway").map(a -> new Running(a.isBlank() ? Optional.empty() : Optional.of(a)));
    }

    /** Sends {@code <verb> <token>} to the port in the folder's instance file; its one-line answer, if any. */
    private static Optional<String> ask(Path folder, String verb) {
        try {
            var parts = Files.readString(folder.resolve(INSTANCE_FILE), StandardCharsets.UTF_8).strip().split(" ");
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(parts[0])),
                        CONNECT_TIMEOUT_MS);
                socket.setSoTimeout(CONNECT_TIMEOUT_MS);
                var out = new PrintWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
                out.print(verb + " " + parts[1] + "\n");
                out.flush();
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                return Optional.ofNullable(in.readLine());
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no file, nothing listening, or not an answer
        }
    }

    private void accept(String token, Supplier<String> onShow) {
        while (!server.isClosed()) {
            try (var socket = server.accept()) {
                socket.setSoTimeout(CONNECT_TIMEOUT_MS);
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                var line = in.readLine();
                String answer;
                if (("gateway " + token).equals(line)) {
                    var at = gateway;
                    answer = at == null ? "" : at;
                } else if (("show " + token).equals(line)) {
                    answer = onShow.get();
                } else {
                    continue; // not ours: say nothing
                }
                var out = new PrintWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
                out.print(answer + "\n");
                out.flush();
            } catch (IOException | RuntimeException e) {
                if (!server.isClosed()) {
                    LOG.log(System.Logger.Level.DEBUG, "A second start's request failed: " + e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(instanceFile);
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Releasing the instance lock: " + e.getMessage());
        }
    }
}
