package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard run} with a stand-in agent: a tiny script on PATH, in a temporary folder, that writes its
 * arguments and environment to the file named by its last argument and exits 7.
 */
class RunCommandTest {
    private static final String SCRIPT = """
            #!/bin/sh
            for last in "$@"; do :; done
            printf 'arg:%s\\n' "$@" > "$last"
            env >> "$last"
            exit 7
            """;

    @TempDir
    Path home;
    @TempDir
    Path data;
    @TempDir
    Path bin;

    @BeforeEach
    void posixOnly() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh for the stand-in agent");
    }

    @Test
    void claudeCodeGetsTheVariablesInItsOwnEnvironmentAndItsExitCodeIsPassedOn() throws IOException {
        agent("claude");
        var out = bin.resolve("out.txt");
        var before = ConnectCommandTest.tree(home);

        var r = run("claude-code", "--", "-p", "hello", out.toString());

        assertEquals(7, r.code(), r.toString());
        var seen = Files.readString(out);
        assertTrue(seen.contains("\nANTHROPIC_BASE_URL=http://127.0.0.1:"), seen);
        assertTrue(seen.contains("\nANTHROPIC_AUTH_TOKEN=switchboard\n"), seen);
        assertTrue(seen.contains("\nANTHROPIC_MODEL=auto\n"), seen);
        assertTrue(seen.contains("\nKEPT=from the caller\n"), seen);
        assertTrue(seen.startsWith("arg:-p\narg:hello\n"), seen);
        // nothing is written: not the agent's files, not a backup; and this process's own environment is as it was
        assertEquals(before, ConnectCommandTest.tree(home));
        assertFalse(Files.exists(data.resolve("connect")));
        assertEquals(null, System.getenv("ANTHROPIC_MODEL"));
    }

    @Test
    void codexGetsItsProviderAsConfigOverridesAndTheKeyInItsEnvironmentOnly() throws IOException {
        agent("codex");
        var out = bin.resolve("out.txt");

        var r = run("codex", "exec", "hi", out.toString());

        assertEquals(7, r.code(), r.toString());
        var seen = Files.readString(out);
        assertTrue(seen.startsWith("arg:-c\narg:model_provider=\"switchboard\"\narg:-c\narg:model=\"auto\"\narg:-c\n"
                + "arg:model_providers.switchboard={ name = \"Switchboard\", base_url = \"http://127.0.0.1:"), seen);
        assertTrue(seen.contains("/v1\", wire_api = \"responses\", env_key = \"SWITCHBOARD_API_KEY\" }\n"
                + "arg:exec\narg:hi\n"), seen);
        assertTrue(seen.contains("\nSWITCHBOARD_API_KEY=switchboard\n"), seen);
        assertFalse(Files.exists(home.resolve(".codex")));
    }

    @Test
    void anAgentThatIsNotOnPathIsAClearError() {
        run("opencode").fails(Main.FAILURE, "OpenCode is not installed here", "`opencode` on PATH");
    }

    private void agent(String name) throws IOException {
        var script = bin.resolve(name);
        Files.writeString(script, SCRIPT);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }

    private CliRun run(String... args) {
        var all = new String[args.length + 3];
        all[0] = "--data-dir";
        all[1] = data.toString();
        all[2] = "run";
        System.arraycopy(args, 0, all, 3, args.length);
        var variables = Map.of("HOME", home.toString(), "PATH", bin + ":/usr/bin:/bin", "KEPT", "from the caller");
        return CliRun.runRaw(variables, data.resolve("unused-user-data"), "", all);
    }
}
