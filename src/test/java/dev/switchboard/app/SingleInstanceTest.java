package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleInstanceTest {
    @TempDir
    Path dir;

    @Test
    void secondStartAsksTheFirstToShowItselfAndHearsWhatItIs() {
        var shown = new AtomicInteger();
        var first = SingleInstance.acquire(dir, () -> {
            shown.incrementAndGet();
            return "window";
        });
        var won = assertInstanceOf(SingleInstance.Claim.Won.class, first);
        try {
            var second = assertInstanceOf(SingleInstance.Claim.Taken.class, SingleInstance.acquire(dir, () -> "x"));
            assertEquals(Optional.of("window"), second.answer());
            assertEquals(1, shown.get());
        } finally {
            won.release();
        }
        assertFalse(Files.exists(dir.resolve(SingleInstance.INSTANCE_FILE)), "the port file goes with the instance");
        var again = assertInstanceOf(SingleInstance.Claim.Won.class, SingleInstance.acquire(dir, () -> "window"));
        again.release();
    }

    @Test
    void aCallerWithoutTheTokenIsIgnored() throws Exception {
        var shown = new AtomicInteger();
        var won = (SingleInstance.Claim.Won) SingleInstance.acquire(dir, () -> {
            shown.incrementAndGet();
            return "window";
        });
        try {
            var port = Integer.parseInt(Files.readString(dir.resolve(SingleInstance.INSTANCE_FILE)).split(" ")[0]);
            try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.getOutputStream().write("show not-the-token\n".getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                assertNull(in.readLine(), "no answer to a stranger");
            }
            assertEquals(0, shown.get());
            // the real one still gets through afterwards
            var taken = (SingleInstance.Claim.Taken) SingleInstance.acquire(dir, () -> "x");
            assertEquals(Optional.of("window"), taken.answer());
        } finally {
            won.release();
        }
    }

    @Test
    void tellsWhereItsGatewayListensWithoutShowingTheWindow() {
        var shown = new AtomicInteger();
        var won = (SingleInstance.Claim.Won) SingleInstance.acquire(dir, () -> {
            shown.incrementAndGet();
            return "window";
        });
        try {
            assertEquals(Optional.of(new SingleInstance.Running(Optional.empty())), SingleInstance.running(dir),
                    "running, not listening yet");
            won.gatewayAt("http://127.0.0.1:9191");
            assertEquals(Optional.of(new SingleInstance.Running(Optional.of("http://127.0.0.1:9191"))),
                    SingleInstance.running(dir));
            won.gatewayAt(null); // paused
            assertEquals(Optional.of(new SingleInstance.Running(Optional.empty())), SingleInstance.running(dir));
            assertEquals(0, shown.get(), "asking where is not asking to show");
        } finally {
            won.release();
        }
        assertEquals(Optional.empty(), SingleInstance.running(dir), "none runs once it is released");
    }

    @Test
    void headlessServeRefusesASecondServeOnTheSameFolder() {
        var won = (SingleInstance.Claim.Won) SingleInstance.acquire(dir, () -> "headless http://127.0.0.1:9999");
        try {
            var r = CliRun.run(dir, "serve", "--headless", "--port", "0");
            assertEquals(Main.FAILURE, r.code(), r::toString);
            assertTrue(r.err().contains("already running for the data folder"), r::toString);
            assertTrue(r.err().contains("at http://127.0.0.1:9999"), r::toString);
        } finally {
            won.release();
        }
    }
}
