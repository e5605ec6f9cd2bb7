package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    @TempDir
    Path dir;

    @Test
    void versionOptionPrintsTheProjectVersionAndExitsZero() {
        var r = CliRun.run(dir, "--version").ok();
        assertTrue(Version.current().matches("\\d+\\.\\d+\\.\\d+.*"),
                "the version should come from the pom, not the 'dev' fallback: " + Version.current());
        assertTrue(r.out().startsWith("Switchboard " + Version.current() + System.lineSeparator()), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void versionAndHelpDoNotCreateADatabase() {
        CliRun.run(dir, "--version").ok();
        CliRun.run(dir, "--help").ok();
        CliRun.run(dir, "help", "channels").ok();
        assertFalse(Files.exists(dir.resolve("switchboard.db")), "only commands that need the data open it");
    }

    @Test
    void helpListsEverySubcommand() {
        var r = CliRun.run(dir, "--help").ok();
        r.prints("Usage: switchboard", "--data-dir");
        for (var sub : new String[] {"serve", "channels", "entries", "groups", "settings", "keys", "status", "help"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + sub + " ") || l.startsWith("  " + sub + ",")),
                    () -> "--help should list '" + sub + "':\n" + r.out());
        }
        assertEquals("", r.err());
    }

    @Test
    void helpSubcommandShowsTheChannelsCommands() {
        var r = CliRun.run(dir, "help", "channels").ok();
        r.prints("Usage: switchboard channels", "add", "list", "show", "edit", "remove", "enable", "disable");
    }

    @Test
    void helpOptionOfALeafCommandListsItsOptions() {
        CliRun.run(dir, "channels", "add", "--help").ok()
                .prints("Usage: switchboard channels add", "--url", "--key", "--type", "--proxy", "--model");
    }

    @Test
    void everyCommandAnswersHelpWithItsOwnUsage() {
        // Every usage error ends with "See `switchboard <command> --help`": that advice must work everywhere.
        var paths = new ArrayList<String>();
        collect(Main.commandLine(new Env(Map.of(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), InputStream.nullInputStream(), null, dir, CliRun.CLOCK)), "", paths);
        assertTrue(paths.contains("channels add") && paths.contains("groups move") && paths.contains("serve"),
                paths::toString);
        for (var path : paths) {
            var args = new ArrayList<>(List.of(path.split(" ")));
            args.add("--help");
            var r = CliRun.run(dir, args.toArray(String[]::new));
            assertEquals(Main.OK, r.code(), () -> path + " --help: " + r);
            assertTrue(r.out().startsWith("Usage: switchboard " + path + " "), () -> path + " --help: " + r);
        }
        assertFalse(Files.exists(dir.resolve("switchboard.db")));
    }

    @Test
    void versionOptionWorksOnSubcommandsToo() {
        CliRun.run(dir, "channels", "list", "-V").ok().prints("Switchboard " + Version.current());
    }

    private static void collect(CommandLine cli, String prefix, List<String> paths) {
        for (var e : cli.getSubcommands().entrySet()) {
            var sub = e.getValue();
            if (!e.getKey().equals(sub.getCommandName()) || sub.getCommandName().equals("help")) {
                continue; // an alias (rm, models) or the help command itself
            }
            var path = prefix + sub.getCommandName();
            paths.add(path);
            collect(sub, path + " ", paths);
        }
    }

    @Test
    void misspelledSubcommandExitsTwoAndSuggestsTheRightOne() {
        var r = CliRun.run(dir, "chanels").fails(Main.USAGE, "'chanels'", "Did you mean", "switchboard channels");
        assertEquals("", r.out());
        assertFalse(Files.exists(dir.resolve("switchboard.db")), "a usage error must not start the gateway");
    }

    @Test
    void misspelledSubSubcommandSuggestsTheRightOne() {
        CliRun.run(dir, "channels", "ad").fails(Main.USAGE, "'ad'", "Did you mean", "channels add");
    }

    @Test
    void misspelledOptionExitsTwoAndSuggestsTheRightOne() {
        CliRun.run(dir, "channels", "list", "--jsn").fails(Main.USAGE, "Unknown option", "'--jsn'", "--json");
    }

    @Test
    void unknownRootOptionExitsTwoAndPointsAtHelp() {
        CliRun.run(dir, "--bogus").fails(Main.USAGE, "Unknown option", "'--bogus'", "switchboard --help");
    }

    @Test
    void commandGroupWithoutSubcommandExitsTwoAndPointsAtItsHelp() {
        CliRun.run(dir, "channels").fails(Main.USAGE, "Missing required subcommand", "switchboard channels --help");
    }

    @Test
    void dataDirMayAlsoFollowTheSubcommand() {
        var r = CliRun.runRaw(Map.of(), dir.resolve("unused"), "",
                "channels", "list", "--data-dir", dir.toString()).ok();
        r.prints("No channels yet");
        assertTrue(Files.exists(dir.resolve("switchboard.db")));
    }

    @Test
    void everyCommandsSummaryIsAWholeSentenceAndEveryArgumentIsDescribed() {
        var problems = new ArrayList<String>();
        check(Main.commandLine(new Env(Map.of(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), InputStream.nullInputStream(), null, dir, CliRun.CLOCK)),
                problems);
        assertEquals(List.of(), problems);
    }

    /** The summary is what `--help` of the parent lists: the first line of the description, alone. */
    private static void check(picocli.CommandLine line, List<String> problems) {
        var spec = line.getCommandSpec();
        var description = spec.usageMessage().description();
        if (description.length == 0 || !description[0].strip().matches(".*[.!?)]$")) {
            problems.add(spec.qualifiedName() + ": summary " + (description.length == 0 ? "missing"
                    : "'" + description[0] + "' is not a whole sentence"));
        }
        for (var p : spec.positionalParameters()) {
            if (p.description().length == 0 || p.description()[0].isBlank()) {
                problems.add(spec.qualifiedName() + ": " + p.paramLabel() + " is not described");
            }
        }
        for (var sub : line.getSubcommands().entrySet()) {
            if (sub.getKey().equals(sub.getValue().getCommandName()) && !sub.getKey().equals("help")) {
                check(sub.getValue(), problems);
            }
        }
    }

    @Test
    void aStartWithoutACommandBuildsTheModelOfServeAlone() {
        for (var args : List.of(new String[0], new String[] {"--headless", "--port", "0"},
                new String[] {"--data-dir", "channels", "serve", "--headless"}, new String[] {"--port=0", "-v"})) {
            assertTrue(Main.gatewayOnly(args), String.join(" ", args));
        }
        for (var args : List.of(new String[] {"channels", "list"}, new String[] {"--help"}, new String[] {"-V"},
                new String[] {"serve", "--help"}, new String[] {"chanels"}, new String[] {"serve", "serve"},
                new String[] {"--data-dir", "x", "status"})) {
            assertFalse(Main.gatewayOnly(args), String.join(" ", args));
        }
        var env = new Env(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                InputStream.nullInputStream(), null, dir, CliRun.CLOCK);
        assertEquals(List.of("serve"), List.copyOf(Main.commandLine(env, true).getSubcommands().keySet()));
        assertEquals(Main.COMMANDS.size(), Set.copyOf(Main.commandLine(env, false).getSubcommands().values()).size(),
                "every command, once (the map also holds aliases)");
    }

    @Test
    void everyCommandsHelpFormatsWithoutAWarning() {
        // picocli runs each description through String.format; a bare '%' makes it print a warning on stderr (its
        // own, not the command's) every time that help is shown
        var env = new Env(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                InputStream.nullInputStream(), null, dir, CliRun.CLOCK);
        var pending = new ArrayList<CommandLine>(List.of(Main.commandLine(env, false)));
        var stderr = new java.io.ByteArrayOutputStream();
        var before = System.err;
        int commands = 0;
        System.setErr(new java.io.PrintStream(stderr, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            while (!pending.isEmpty()) {
                var cli = pending.remove(pending.size() - 1);
                pending.addAll(Set.copyOf(cli.getSubcommands().values()));
                cli.getUsageMessage();
                commands++;
            }
        } finally {
            System.setErr(before);
        }
        assertEquals("", stderr.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(commands > 40, "commands rendered: " + commands);
    }

    @Test
    void aTypoOfACommandStillGetsItsSuggestion() {
        var r = CliRun.run(dir, "chanels", "list");
        assertEquals(Main.USAGE, r.code(), r::toString);
        assertTrue(r.err().contains("channels"), r::toString);
    }
}
