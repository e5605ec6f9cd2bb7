package dev.switchboard.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.ClientTraits;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.ClientHeaders;
import dev.switchboard.routing.RequestTraits;
import dev.switchboard.routing.Resolution;
import dev.switchboard.routing.RuleJson;
import dev.switchboard.routing.Resolver;
import dev.switchboard.routing.SceneRules;
import dev.switchboard.store.ModelPattern;
import dev.switchboard.store.SceneRule;
import dev.switchboard.store.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code switchboard rules …}: scene rules, which route a request by its kind (a background call, thinking, images,
 * web search, a long input, a protocol, a model-name pattern) to a group, before its model name is looked at.
 *
 * <p>Scope INHERIT gives its subcommands (the methods below) --help and --version too.
 */
@Command(name = "rules",
        description = {"List, add, order and try scene rules: route requests by their kind to a group.",
                "The first matching rule wins (a longer model pattern beats a shorter one); then the model name."},
        mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = RootCommand.VersionProvider.class)
final class RulesCommand {
    /** Claude Code's User-Agent, for {@code rules test --claude-code}: what it sends (recorded from 2.1.332). */
    static final String CLAUDE_CODE_AGENT = "claude-cli/2.1.332 (external, sdk-cli)";

    @ParentCommand
    RootCommand root;

    /** The conditions of a rule, as {@code add} and {@code edit} take them. */
    static final class Conditions {
        @Option(names = "--protocol", paramLabel = "PROTOCOL", description = "Only requests of this client protocol:"
                + " openai-chat, openai-responses, anthropic-messages or gemini (also chat, responses, messages).")
        String protocol;

        @Option(names = "--any-protocol", description = "(edit) Drop the protocol condition.")
        boolean anyProtocol;

        @Option(names = "--model", paramLabel = "PATTERN", description = "Only model names matching this pattern,"
                + " `*` for any characters, ignoring case: claude*, *haiku*, gpt-4o.")
        String model;

        @Option(names = "--any-model", description = "(edit) Drop the model condition.")
        boolean anyModel;

        @Option(names = "--thinking", negatable = true, description = "Only requests asking for thinking or"
                + " reasoning.")
        Boolean thinking;

        @Option(names = "--images", negatable = true, description = "Only requests with an image in their input.")
        Boolean images;

        @Option(names = "--web-search", negatable = true, description = "Only requests offering a web-search tool.")
        Boolean webSearch;

        @Option(names = "--background", negatable = true, description = "Only Claude Code's background calls"
                + " (titles, summaries: no tools, no thinking, one question).")
        Boolean background;

        @Option(names = "--tokens-above", paramLabel = "N", description = "Only requests whose estimated input is"
                + " more than N tokens.")
        Long tokensAbove;

        @Option(names = "--any-size", description = "(edit) Drop the token condition.")
        boolean anySize;

        boolean changesNothing() {
            return protocol == null && !anyProtocol && model == null && !anyModel && thinking == null
                    && images == null && webSearch == null && background == null && tokensAbove == null && !anySize;
        }

        SceneRule.When applyTo(SceneRule.When w) {
            if (protocol != null && anyProtocol || model != null && anyModel || tokensAbove != null && anySize) {
                throw new Main.UsageException("Give a condition or drop it, not both (--protocol with"
                        + " --any-protocol, --model with --any-model, --tokens-above with --any-size).");
            }
            if (protocol != null) {
                w = w.withProtocol(SceneRule.protocol(protocol));
            } else if (anyProtocol) {
                w = w.withProtocol(null);
            }
            if (model != null) {
                w = w.withModel(ModelPattern.of(model));
            } else if (anyModel) {
                w = w.withModel(null);
            }
            if (thinking != null) {
                w = w.withThinking(thinking);
            }
            if (images != null) {
                w = w.withImages(images);
            }
            if (webSearch != null) {
                w = w.withWebSearch(webSearch);
            }
            if (background != null) {
                w = w.withBackground(background);
            }
            if (tokensAbove != null) {
                w = w.withTokensAbove(tokensAbove);
            } else if (anySize) {
                w = w.withTokensAbove(null);
            }
            return w;
        }
    }

    @Command(name = "list", description = "List the rules in the order they are tried, with their state.")
    int list(@Option(names = "--json", description = "Print JSON.") boolean json) {
        try (var store = root.openStore()) {
            var snapshot = store.snapshot();
            var now = root.env.clock().instant();
            var out = root.env.out();
            var rules = snapshot.rules();
            if (json) {
                var arr = Mappers.PRETTY.createArrayNode();
                for (int i = 0; i < rules.size(); i++) {
                    arr.add(RuleJson.rule(rules.get(i), i + 1, snapshot, now));
                }
                Json.print(out, arr);
                return Main.OK;
            }
            if (rules.isEmpty()) {
                out.println("No rules: every request is routed by its model name. Add one: "
                        + root.hint("rules add %s --background --group %s", "background", "<group>"));
                return Main.OK;
            }
            var table = new Table("#", "RULE", "WHEN", "GROUP", "STATE");
            for (int i = 0; i < rules.size(); i++) {
                var r = rules.get(i);
                table.row(i + 1, r.name(), r.when().describe(), r.group(), state(SceneRules.state(r, snapshot, now)));
            }
            table.print(out);
            return Main.OK;
        }
    }

    @Command(name = "add", description = "Add a rule (last, or at --position): requests matching every condition"
            + " given go to the group.")
    int add(@Parameters(paramLabel = "RULE", description = "The rule's name, e.g. background.") String name,
            @Option(names = {"-g", "--group"}, required = true, paramLabel = "GROUP",
                    description = "The group its requests go to (see `groups list`).") String group,
            @Mixin Conditions conditions,
            @Option(names = {"-p", "--position"}, paramLabel = "N", description = "1 = tried first.") Integer position,
            @Option(names = "--disabled", description = "Add it switched off.") boolean disabled) {
        try (var store = root.openStore()) {
            var r = store.rules().add(new SceneRule.Draft(name, !disabled,
                    conditions.applyTo(SceneRule.When.NOTHING), group), position);
            int at = dev.switchboard.store.RuleStore.positionOf(store.rules().list(), r.name());
            root.env.out().println("Added rule '" + r.name() + "' at position " + at + ": " + r.when().describe()
                    + " -> group " + r.group() + (r.enabled() ? "." : " (switched off)."));
            return Main.OK;
        }
    }

    @Command(name = "edit", description = "Change a rule's name, group or conditions (it keeps its place).")
    int edit(@Parameters(paramLabel = "RULE", description = "A rule's name (see `rules list`).") String name,
             @Option(names = "--name", paramLabel = "NEW", description = "A new name.") String newName,
             @Option(names = {"-g", "--group"}, paramLabel = "GROUP", description = "Another group.") String group,
             @Mixin Conditions conditions) {
        if (newName == null && group == null && conditions.changesNothing()) {
            throw new Main.UsageException("Nothing to change: give --name, --group or a condition"
                    + " (--thinking, --no-thinking, --model PATTERN, --any-model, …).");
        }
        try (var store = root.openStore()) {
            var current = store.rules().get(name);
            var r = store.rules().replace(name, new SceneRule.Draft(newName == null ? current.name() : newName,
                    current.enabled(), conditions.applyTo(current.when()), group == null ? current.group() : group));
            root.env.out().println("Rule '" + r.name() + "': " + r.when().describe() + " -> group " + r.group() + ".");
            return Main.OK;
        }
    }

    @Command(name = "enable", description = "Switch a rule on.")
    int enable(@Parameters(paramLabel = "RULE", description = "A rule's name (see `rules list`).") String name) {
        try (var store = root.openStore()) {
            var r = store.rules().setEnabled(name, true);
            root.env.out().println("Rule '" + r.name() + "' is on.");
            return Main.OK;
        }
    }

    @Command(name = "disable", description = "Switch a rule off; it keeps its place.")
    int disable(@Parameters(paramLabel = "RULE", description = "A rule's name (see `rules list`).") String name) {
        try (var store = root.openStore()) {
            var r = store.rules().setEnabled(name, false);
            root.env.out().println("Rule '" + r.name() + "' is off.");
            return Main.OK;
        }
    }

    @Command(name = "remove", aliases = "rm", description = "Remove a rule.")
    int remove(@Parameters(paramLabel = "RULE", description = "A rule's name (see `rules list`).") String name) {
        try (var store = root.openStore()) {
            var r = store.rules().remove(name);
            root.env.out().println("Removed rule '" + r.name() + "'.");
            return Main.OK;
        }
    }

    @Command(name = "move", description = "Move a rule to a position (1 = tried first).")
    int move(@Parameters(index = "0", paramLabel = "RULE", description = "A rule's name (see `rules list`).")
             String name,
             @Parameters(index = "1", paramLabel = "POSITION", description = "1 = tried first.") int position) {
        try (var store = root.openStore()) {
            var r = store.rules().move(name, position);
            var rules = store.rules().list();
            root.env.out().println("Moved rule '" + r.name() + "' to position "
                    + dev.switchboard.store.RuleStore.positionOf(rules, r.name()) + " of " + rules.size() + ".");
            return Main.OK;
        }
    }

    @Command(name = "test", description = {"Show which rule (or pinned group, or model-name tier) a request would"
            + " be routed by, and the entries it would try, in this data folder's state.",
            "Describe the request with options, or give it whole with --body."})
    int test(@Option(names = {"-m", "--model"}, paramLabel = "MODEL",
                     description = "The model the request names (default: the body's, else auto).") String model,
             @Option(names = "--protocol", paramLabel = "PROTOCOL", defaultValue = "openai-chat",
                     description = "openai-chat (default), openai-responses, anthropic-messages or gemini.")
             String protocol,
             @Option(names = "--pin", paramLabel = "GROUP", description = "As if called under /g/GROUP/.") String pin,
             @Option(names = "--body", paramLabel = "FILE", description = "The request body as JSON, read as the"
                     + " gateway reads it (thinking, images, tools, size).") Path body,
             @Option(names = "--header", paramLabel = "NAME: VALUE", description = "A header the client sends with"
                     + " --body (repeatable).") List<String> headers,
             @Option(names = "--claude-code", description = "As Claude Code sends it (its User-Agent).")
             boolean claudeCode,
             @Option(names = "--thinking", description = "The request asks for thinking.") boolean thinking,
             @Option(names = "--images", description = "The request has an image.") boolean images,
             @Option(names = "--web-search", description = "The request offers a web-search tool.") boolean webSearch,
             @Option(names = "--background", description = "It is a Claude Code background call.") boolean background,
             @Option(names = "--tokens", paramLabel = "N", description = "Its estimated input tokens.") Long tokens,
             @Option(names = "--json", description = "Print JSON.") boolean json) {
        var p = SceneRule.protocol(protocol);
        RequestTraits traits;
        if (body != null) {
            if (thinking || images || webSearch || background || tokens != null) {
                throw new Main.UsageException("--body is read for its traits: leave out --thinking, --images,"
                        + " --web-search, --background and --tokens.");
            }
            var request = readBody(body);
            var sent = new LinkedHashMap<String, String>();
            for (var h : headers == null ? List.<String>of() : headers) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    throw new Main.UsageException("--header takes NAME: VALUE, not '" + Views.text(h) + "'.");
                }
                sent.put(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
            }
            if (claudeCode) {
                sent.put("user-agent", CLAUDE_CODE_AGENT);
            }
            traits = ClientTraits.of(p, request, ClientHeaders.of(sent, null));
            if (model == null && request.path("model").isTextual()) {
                model = request.get("model").asText();
            }
        } else {
            if (headers != null || claudeCode) {
                throw new Main.UsageException("--header and --claude-code go with --body; without one, say"
                        + " --background for a Claude Code background call.");
            }
            traits = new RequestTraits.Given(p, thinking, images, webSearch, background, tokens == null ? 0 : tokens);
        }
        try (var store = root.openStore()) {
            var snapshot = store.snapshot();
            if (pin != null) {
                pin = store.entries().group(pin).name(); // says which groups there are when there is none
            }
            var now = root.env.clock().instant();
            var r = Resolver.resolve(snapshot, model, traits, pin, now);
            var out = root.env.out();
            if (json) {
                Json.print(out, RuleJson.test(r, traits));
                return Main.OK;
            }
            out.println("Request:   '" + Views.text(r.requested()) + "' " + read(traits));
            out.println("Chosen by: " + Views.text(r.chosenBy()) + target(r, snapshot));
            if (r.candidates().isEmpty()) {
                out.println("Nothing to try: " + Views.text(r.explain()));
                return Main.OK;
            }
            int i = 1;
            for (var c : r.candidates()) {
                out.println((i == 1 ? "Tries:     " : "           ") + String.format("%d. %s%s", i++,
                        Views.text(c.entry().ref()), c.health().coolingAt(now) ? " (cooling down: a last resort)"
                                : ""));
            }
            for (var h : r.held()) {
                out.println("Not tried: " + Views.text(h.describe()));
            }
            out.flush();
            return Main.OK;
        }
    }

    private static ObjectNode readBody(Path file) {
        try {
            var node = Mappers.JSON.readTree(Files.readString(file));
            if (node == null || !node.isObject()) {
                throw new Main.UsageException(file + " is not a request body: it must hold a JSON object.");
            }
            return (ObjectNode) node;
        } catch (NoSuchFileException e) {
            throw new Main.UsageException("There is no file " + file + ".");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Main.UsageException(file + " is not JSON (line " + e.getLocation().getLineNr() + ").");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage());
        }
    }

    /** {@code (anthropic-messages: background call, about 210 input tokens)}: what the rules saw. */
    private static String read(RequestTraits t) {
        var seen = new ArrayList<String>();
        if (t.background()) {
            seen.add("background call");
        }
        if (t.thinking()) {
            seen.add("thinking");
        }
        if (t.images()) {
            seen.add("images");
        }
        if (t.webSearch()) {
            seen.add("web search");
        }
        seen.add("about " + t.inputTokens() + " input tokens");
        return "(" + t.protocol() + ": " + String.join(", ", seen) + ")";
    }

    /** The group a rule or pin chose, for the "Chosen by" line. */
    private static String target(Resolution r, Snapshot snapshot) {
        if (r.tier() == Resolution.Tier.RULE) {
            return snapshot.rules().stream().filter(x -> x.name().equals(r.via())).findFirst()
                    .map(x -> " -> group " + x.group()).orElse("");
        }
        return "";
    }

    private static String state(SceneRules.State s) {
        return switch (s) {
            case READY -> "ready";
            case OFF -> "off";
            case GROUP_MISSING -> "group missing: skipped";
            case NOTHING_CAN_SERVE -> "nothing in the group can serve: skipped";
        };
    }
}
