package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's command lines read without picocli: the same meaning as picocli's reading, or left to it. */
class GatewayStartLineTest {
    @TempDir
    Path dir;

    /** What a line means to picocli: the data folder and the gateway's options, as `serve` would get them. */
    private record Meaning(String dataDir, boolean headless, Integer port, String bind, boolean verbose) {
        static Meaning of(String dataDir, ServeCommand.Options o) {
            return new Meaning(dataDir, o.headless, o.port, o.bind, o.verbose);
        }
    }

    private Meaning picocli(String... args) {
        var env = new Env(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                InputStream.nullInputStream(), null, dir, CliRun.CLOCK);
        var cli = Main.commandLine(env, true);
        var parsed = cli.parseArgs(args);
        var root = (RootCommand) cli.getCommand();
        if (parsed.hasSubcommand()) {
            var serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
            return Meaning.of(root.dataDir, serve.options);
        }
        return Meaning.of(root.dataDir, root.serveOptions);
    }

    @Test
    void readsTheLinesThatStartTheGatewayAsPicocliDoes() {
        for (var args : List.of(new String[0],
                new String[] {"--headless"},
                new String[] {"serve", "--headless", "--port", "0"},
                new String[] {"--data-dir", "/tmp/sb", "serve", "--headless", "--port", "9191", "--bind", "0.0.0.0"},
                new String[] {"serve", "--data-dir=/tmp/sb", "-v", "--port=08080"},
                new String[] {"--data-dir", "channels", "serve", "--headless"},
                new String[] {"--port", "9090", "--verbose", "--bind=127.0.0.1", "--headless"},
                new String[] {"--data-dir="})) {
            var line = String.join(" ", args);
            var read = GatewayStartLine.read(args);
            assertTrue(read.isPresent(), line);
            assertEquals(picocli(args), Meaning.of(read.get().dataDir, read.get().options), line);
        }
    }

    @Test
    void leavesEveryOtherLineToPicocli() {
        for (var args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"-V"},
                new String[] {"serve", "--help"}, new String[] {"channels", "list"}, new String[] {"chanels"},
                new String[] {"serve", "serve"}, new String[] {"--port", "99999"}, new String[] {"--port", "abc"},
                new String[] {"--port"}, new String[] {"--port", "-1"}, new String[] {"--bind", "1.2.3.4.5"},
                new String[] {"--headless=true"}, new String[] {"--port", "9090", "serve"},
                new String[] {"--headless", "--headless"}, new String[] {"--frobnicate"}, new String[] {"--"},
                new String[] {"-vh"}, new String[] {""}, new String[] {"--data-dir"},
                new String[] {"--data-dir", "a", "--data-dir", "b"}, new String[] {"--data-dir", "x", "status"})) {
            assertTrue(GatewayStartLine.read(args).isEmpty(), String.join(" ", args));
        }
    }

    @Test
    void aLineLeftToPicocliStillGetsItsWords() {
        var r = CliRun.run(dir, "serve", "--headless", "--port", "99999");
        assertEquals(Main.USAGE, r.code(), r::toString);
        assertTrue(r.err().contains("--port"), r::toString);
        var before = CliRun.run(dir, "--port", "9090", "serve");
        assertEquals(Main.USAGE, before.code(), before::toString);
        assertTrue(before.err().contains("give it after `serve`"), before::toString);
    }
}
