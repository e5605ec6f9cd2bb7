package dev.switchboard.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ApiKey;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Group;
import dev.switchboard.store.Health;
import dev.switchboard.store.ModelPattern;
import dev.switchboard.store.SceneRule;
import dev.switchboard.store.Settings;
import dev.switchboard.store.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scene rules and pinned groups before DESIGN §2's tiers, as a table: for one set of rules (one of each kind, a
 * rule whose group is gone, one whose group cannot serve, one switched off), what each kind of request resolves to,
 * and what the request log says chose it. The rules the table checks: the first matching rule wins, a more specific
 * model pattern overtakes a less specific one wherever it sits, a rule that cannot serve hands the name to the tiers
 * (noted), and neither a rule nor a pin ever takes a channel-qualified name.
 */
class SceneRuleTableTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static final String ENTRIES = """
            # entry                  | state
            relay/claude-sonnet-4-5  | enabled
            relay/claude-opus-4-1    | enabled
            relay/gpt-4o             | enabled
            cheap/claude-haiku-4-5   | enabled
            cheap/gpt-4o-mini        | enabled
            think/deepseek-r1        | system-disabled
            think/o3                 | enabled
            vis/gemini-2.5-flash     | enabled
            long/gemini-2.5-pro      | enabled
            """;

    private static final String GROUPS = """
            # group   | members in order
            auto      | relay/claude-sonnet-4-5, relay/gpt-4o, relay/claude-opus-4-1
            cheap     | cheap/claude-haiku-4-5, cheap/gpt-4o-mini
            reasoning | think/deepseek-r1, think/o3
            vision    | vis/gemini-2.5-flash
            long      | long/gemini-2.5-pro
            search    | relay/gpt-4o
            anthropic | relay/claude-sonnet-4-5, relay/claude-opus-4-1
            opus      | relay/claude-opus-4-1
            dead      | think/deepseek-r1
            """;

    /** In list order. Conditions: protocol=, model=, tokens>, and the flags; "off" switches the rule off. */
    private static final String RULES = """
            # rule       | conditions                        | group
            background   | background                        | cheap
            reasoning    | thinking                          | reasoning
            long-context | tokens>60000                      | long
            vision       | images                            | vision
            search       | web-search                        | search
            claude       | model=claude*                     | anthropic
            opus         | model=claude-opus*                | opus
            broken       | model=gpt-4o-mini*                | gone
            dead         | protocol=gemini, model=gemini*    | dead
            llama        | model=llama*, off                 | cheap
            gpt-chat     | protocol=openai-chat, model=gpt*  | cheap
            """;

    /** Traits: the protocol first, then what the request has. Pin: the /g/ group, or -. */
    private static final String CASES = """
            # requested           | traits                        | pin   | chosen by                                                        | candidates
            gpt-4o                | openai-chat                   | -     | rule:gpt-chat                                                    | cheap/claude-haiku-4-5, cheap/gpt-4o-mini
            gpt-4o                | openai-responses              | -     | tier:exact                                                       | relay/gpt-4o
            claude-sonnet-4-5     | anthropic-messages            | -     | rule:claude                                                      | relay/claude-sonnet-4-5, relay/claude-opus-4-1
            CLAUDE-Sonnet-4-5     | anthropic-messages            | -     | rule:claude                                                      | relay/claude-sonnet-4-5, relay/claude-opus-4-1
            claude-opus-4-1       | anthropic-messages            | -     | rule:opus                                                        | relay/claude-opus-4-1
            claude-opus-4-1       | anthropic-messages thinking   | -     | rule:reasoning                                                   | think/o3
            claude-haiku-4-5      | anthropic-messages background | -     | rule:background                                                  | cheap/claude-haiku-4-5, cheap/gpt-4o-mini
            claude-sonnet-4-5     | anthropic-messages tokens=70000 | -   | rule:long-context                                                | long/gemini-2.5-pro
            claude-sonnet-4-5     | anthropic-messages tokens=60000 | -   | rule:claude                                                      | relay/claude-sonnet-4-5, relay/claude-opus-4-1
            gpt-4o                | openai-chat images            | -     | rule:vision                                                      | vis/gemini-2.5-flash
            gpt-4o                | openai-responses web-search   | -     | rule:search                                                      | relay/gpt-4o
            gpt-4o-mini           | openai-chat                   | -     | tier:exact (rule broken skipped: group gone does not exist)      | cheap/gpt-4o-mini
            gemini-2.5-flash      | gemini                        | -     | tier:exact (rule dead skipped: nothing in group dead can serve now) | vis/gemini-2.5-flash
            llama-3-70b           | openai-chat                   | -     | tier:fallback                                                    | relay/claude-sonnet-4-5, relay/gpt-4o, relay/claude-opus-4-1
            auto                  | openai-chat thinking          | -     | rule:reasoning                                                   | think/o3
            auto                  | openai-chat                   | -     | tier:group                                                       | relay/claude-sonnet-4-5, relay/gpt-4o, relay/claude-opus-4-1
            relay/gpt-4o          | openai-chat                   | -     | tier:channel-qualified                                           | relay/gpt-4o
            relay/claude-opus-4-1 | anthropic-messages thinking   | -     | tier:channel-qualified                                           | relay/claude-opus-4-1
            nochannel/gpt-4o      | openai-chat thinking          | -     | rule:reasoning                                                   | think/o3
            gpt-4o-mini           | openai-chat                   | cheap | pinned:/g/cheap                                                  | cheap/gpt-4o-mini, cheap/claude-haiku-4-5
            claude-sonnet-4-5     | anthropic-messages thinking   | cheap | pinned:/g/cheap                                                  | cheap/claude-haiku-4-5, cheap/gpt-4o-mini
            relay/gpt-4o          | openai-chat                   | cheap | tier:channel-qualified                                           | relay/gpt-4o
            anything              | openai-chat                   | dead  | pinned:/g/dead                                                   | -
            """;

    private record Case(String requested, String traits, String pin, String chosenBy, String candidates) {
        @Override
        public String toString() {
            return "'" + requested + "' " + traits + (pin.equals("-") ? "" : " on /g/" + pin);
        }
    }

    static Stream<Case> cases() {
        return rows(CASES).stream().map(r -> new Case(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachRequestGoesWhereTheFirstMatchingRuleOrItsPinOrItsNameSends(Case c) {
        var r = Resolver.resolve(WORLD, c.requested(), traits(c.traits()), c.pin().equals("-") ? null : c.pin(), NOW);

        assertEquals(c.chosenBy(), r.chosenBy(), "chosen by");
        assertEquals(c.candidates(), candidates(r), "candidates");
        if (r.candidates().isEmpty()) {
            var message = r.explain();
            assertTrue(message.contains("/g/" + c.pin() + "/") && message.contains("think/deepseek-r1"), message);
        }
    }

    // ---- the world of the tables above

    private static final Snapshot WORLD = world();

    private static Snapshot world() {
        var channels = new LinkedHashMap<String, Channel>();
        var entries = new LinkedHashMap<String, Entry>();
        var health = new HashMap<Long, Health>();
        long id = 1;
        for (var r : rows(ENTRIES)) {
            var ref = r.get(0);
            var name = ref.substring(0, ref.indexOf('/'));
            if (!channels.containsKey(name)) {
                channels.put(name, new Channel(id++, name, ApiType.OPENAI, "https://" + name + ".example/v1",
                        List.of(ApiKey.of("sk-FAKE-rules-" + name + "-0000000000")), Map.of(), null, Map.of(), true));
            }
            var channel = channels.get(name);
            var e = new Entry(id++, channel.id(), name, ref.substring(ref.indexOf('/') + 1), null, true,
                    NOW.minusSeconds(86400));
            entries.put(ref, e);
            if (r.get(1).equals("system-disabled")) {
                health.put(e.id(), new Health(e.id(), null, "HTTP 401: invalid api key", 1, null, "x"));
            }
        }
        var groups = new ArrayList<Group>();
        for (var r : rows(GROUPS)) {
            var members = Arrays.stream(r.get(1).split(",")).map(String::strip).map(m -> entries.get(m).id()).toList();
            groups.add(new Group(id++, r.get(0), r.get(0).equals(Group.AUTO), members, NOW.minusSeconds(86400)));
        }
        var rules = new ArrayList<SceneRule>();
        for (var r : rows(RULES)) {
            rules.add(new SceneRule(id++, r.get(0), !r.get(1).contains("off"), when(r.get(1)), r.get(2)));
        }
        return new Snapshot(List.copyOf(channels.values()), List.copyOf(entries.values()), groups, health,
                Settings.defaults(), List.of(), rules);
    }

    static SceneRule.When when(String conditions) {
        var w = SceneRule.When.NOTHING;
        for (var c : conditions.split(",")) {
            var t = c.strip();
            if (t.startsWith("protocol=")) {
                w = w.withProtocol(t.substring("protocol=".length()));
            } else if (t.startsWith("model=")) {
                w = w.withModel(ModelPattern.of(t.substring("model=".length())));
            } else if (t.startsWith("tokens>")) {
                w = w.withTokensAbove(Long.parseLong(t.substring("tokens>".length())));
            } else {
                switch (t) {
                    case "background" -> w = w.withBackground(true);
                    case "thinking" -> w = w.withThinking(true);
                    case "images" -> w = w.withImages(true);
                    case "web-search" -> w = w.withWebSearch(true);
                    case "off" -> { }
                    default -> throw new IllegalArgumentException(t);
                }
            }
        }
        return w;
    }

    static RequestTraits traits(String text) {
        var words = text.split(" ");
        var set = List.of(words);
        long tokens = set.stream().filter(w -> w.startsWith("tokens=")).mapToLong(w -> Long.parseLong(w.substring(7)))
                .findFirst().orElse(100);
        return new RequestTraits.Given(words[0], set.contains("thinking"), set.contains("images"),
                set.contains("web-search"), set.contains("background"), tokens);
    }

    private static String candidates(Resolution r) {
        return r.candidates().isEmpty() ? "-"
                : r.candidates().stream().map(c -> c.entry().ref()).collect(Collectors.joining(", "));
    }

    /** The rows of a table: '|'-separated cells, trimmed; '#' lines and blank lines are not rows. */
    private static List<List<String>> rows(String table) {
        return table.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("#"))
                .map(l -> Arrays.stream(l.split("\\|", -1)).map(String::strip).toList())
                .toList();
    }
}
