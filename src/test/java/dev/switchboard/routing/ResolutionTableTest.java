package dev.switchboard.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.routing.Resolution.Held;
import dev.switchboard.routing.Resolution.Tier;
import dev.switchboard.store.ApiKey;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Group;
import dev.switchboard.store.Health;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Settings;
import dev.switchboard.store.Snapshot;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN §2 as a table: for one set of entries in every state (enabled, cooling, disabled by the system, switched
 * off by the person, on a channel that is switched off or has no key), what each kind of requested name
 * (channel-qualified, exact, alias, group, fuzzy, nonsense) resolves to: the candidates in order, and the entries
 * the name means that cannot serve now. A row with no candidates is an error for the client: 503 naming the held
 * entries and why when there are some, else 404. The rule the table checks above all: no name is answered by an
 * entry whose model is not what the name means ({@code relay/gpt-x}, disabled by the system, is not served by
 * {@code hold/x}, issue 18).
 */
class ResolutionTableTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static final String CHANNELS = """
            # channel | state
            relay     | on
            hold      | on
            other     | on
            off       | off
            bare      | no key
            """;

    private static final String ENTRIES = """
            # entry                  | alias  | state
            relay/gpt-x              |        | system-disabled: HTTP 401: invalid api key
            hold/x                   |        | enabled
            relay/gpt-y              |        | enabled
            other/gpt-y              |        | cooling until 12:05
            other/gpt-x              |        | cooling until 12:10
            other/gpt-z              | zed    | switched-off
            off/gpt-y                |        | enabled
            bare/gpt-y               |        | enabled
            relay/claude-sonnet-4-5  | sonnet | enabled
            relay/gpt-w              |        | system-disabled: HTTP 403: key revoked
            other/gpt-w              |        | switched-off
            """;

    private static final String GROUPS = """
            # group | members in order
            auto    | relay/gpt-y, other/gpt-y, hold/x, relay/claude-sonnet-4-5, relay/gpt-x, other/gpt-x, other/gpt-z, off/gpt-y
            coding  | relay/gpt-x, relay/claude-sonnet-4-5, other/gpt-y
            broken  | relay/gpt-x, other/gpt-z, off/gpt-y, bare/gpt-y
            empty   |
            """;

    /**
     * "as auto": the same as the row for {@code auto}. "(cooling)": a candidate cooling down, a last resort. Held
     * entries are named with why they cannot serve. "-": none.
     */
    private static final String CASES = """
            # kind                 | requested         | tier              | candidates                                                                                | held
            qualified              | relay/gpt-x       | CHANNEL_QUALIFIED | -                                                                                         | relay/gpt-x system-disabled
            qualified              | RELAY/GPT-X       | CHANNEL_QUALIFIED | -                                                                                         | relay/gpt-x system-disabled
            qualified              | relay/gpt-y       | CHANNEL_QUALIFIED | relay/gpt-y                                                                               | -
            qualified              | other/gpt-y       | CHANNEL_QUALIFIED | other/gpt-y (cooling)                                                                     | -
            qualified              | other/gpt-z       | CHANNEL_QUALIFIED | -                                                                                         | other/gpt-z switched-off
            qualified              | off/gpt-y         | CHANNEL_QUALIFIED | -                                                                                         | off/gpt-y channel-switched-off
            qualified              | bare/gpt-y        | CHANNEL_QUALIFIED | -                                                                                         | bare/gpt-y channel-without-key
            qualified              | relay/gpt-nope    | CHANNEL_QUALIFIED | -                                                                                         | -
            qualified              | relay/x           | CHANNEL_QUALIFIED | -                                                                                         | -
            qualified              | nochannel/gpt-y   | FUZZY             | relay/gpt-y, other/gpt-y (cooling)                                                        | off/gpt-y channel-switched-off, bare/gpt-y channel-without-key
            exact                  | gpt-y             | EXACT             | relay/gpt-y, other/gpt-y (cooling)                                                        | off/gpt-y channel-switched-off, bare/gpt-y channel-without-key
            exact                  | GPT-Y             | EXACT             | relay/gpt-y, other/gpt-y (cooling)                                                        | off/gpt-y channel-switched-off, bare/gpt-y channel-without-key
            exact                  | gpt-x             | EXACT             | other/gpt-x (cooling)                                                                     | relay/gpt-x system-disabled
            exact                  | gpt-z             | EXACT             | -                                                                                         | other/gpt-z switched-off
            exact                  | gpt-w             | EXACT             | -                                                                                         | other/gpt-w switched-off, relay/gpt-w system-disabled
            exact                  | x                 | EXACT             | hold/x                                                                                    | -
            alias                  | Sonnet            | EXACT             | relay/claude-sonnet-4-5                                                                   | -
            alias                  | zed               | EXACT             | -                                                                                         | other/gpt-z switched-off
            group                  | auto              | GROUP             | relay/gpt-y, hold/x, relay/claude-sonnet-4-5, other/gpt-y (cooling), other/gpt-x (cooling) | relay/gpt-x system-disabled, other/gpt-z switched-off, off/gpt-y channel-switched-off
            group                  |                   | GROUP             | as auto                                                                                   | as auto
            group                  | Coding            | GROUP             | relay/claude-sonnet-4-5, other/gpt-y (cooling)                                            | relay/gpt-x system-disabled
            group                  | broken            | GROUP             | -                                                                                         | relay/gpt-x system-disabled, other/gpt-z switched-off, off/gpt-y channel-switched-off, bare/gpt-y channel-without-key
            group                  | empty             | GROUP             | -                                                                                         | -
            fuzzy                  | claude-sonnet     | FUZZY             | relay/claude-sonnet-4-5                                                                   | -
            fuzzy                  | son               | FUZZY             | relay/claude-sonnet-4-5                                                                   | -
            fuzzy                  | gpt-y-2025-01-01  | FUZZY             | relay/gpt-y, other/gpt-y (cooling)                                                        | off/gpt-y channel-switched-off, bare/gpt-y channel-without-key
            fuzzy                  | gpt-z-preview     | FUZZY             | -                                                                                         | other/gpt-z switched-off
            fuzzy                  | gpt-x-mini        | FUZZY             | other/gpt-x (cooling)                                                                     | relay/gpt-x system-disabled
            nonsense               | llama-3-70b       | FALLBACK          | as auto                                                                                   | as auto
            nonsense               | xy                | FALLBACK          | as auto                                                                                   | as auto
            nonsense               | on                | FALLBACK          | as auto                                                                                   | as auto
            nonsense, fallback off | llama-3-70b       | NONE              | -                                                                                         | -
            nonsense, fallback off | xy                | NONE              | -                                                                                         | -
            qualified, fallback off| relay/gpt-x       | CHANNEL_QUALIFIED | -                                                                                         | relay/gpt-x system-disabled
            """;

    private record Case(String kind, String requested, Tier tier, String candidates, String held) {
        @Override
        public String toString() {
            return kind + ": '" + requested + "'";
        }
    }

    static Stream<Case> cases() {
        return rows(CASES).stream().map(r -> new Case(r.get(0), r.get(1), Tier.valueOf(r.get(2)), r.get(3), r.get(4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachRequestedNameResolvesToWhatItMeansOrToAnError(Case c) {
        var world = new World(c.kind().endsWith("fallback off"));
        var auto = world.resolve("auto");

        var r = world.resolve(c.requested());

        assertEquals(c.tier(), r.tier(), "tier");
        assertEquals(c.candidates().equals("as auto") ? candidates(auto) : c.candidates(), candidates(r),
                "candidates");
        assertEquals(c.held().equals("as auto") ? held(auto) : c.held(), held(r), "held");
        if (r.candidates().isEmpty()) {
            // The client's error: 503 naming every held entry and why, or 404 when the name means nothing that is.
            assertEquals(!r.held().isEmpty(), r.noneHealthy(), "503 exactly when something is held");
            var message = r.explain();
            for (var h : r.held()) {
                assertTrue(message.contains(h.entry().ref()), message);
                assertTrue(message.contains(switch (h.why()) {
                    case SYSTEM_DISABLED -> "disabled by the system: " + h.reason();
                    case SWITCHED_OFF -> "switched off";
                    case CHANNEL_SWITCHED_OFF -> "channel " + h.entry().channelName() + ", which is switched off";
                    case CHANNEL_WITHOUT_KEY -> "channel " + h.entry().channelName() + ", which has no key";
                }), message);
            }
            assertTrue(message.contains("'" + r.requested() + "'"), message);
        }
    }

    // ---- the world of the tables above

    private static final class World {
        final Map<String, Channel> channels = new LinkedHashMap<>();
        final Map<String, Entry> entries = new LinkedHashMap<>();
        final List<Group> groups = new ArrayList<>();
        final Map<Long, Health> health = new HashMap<>();
        final Settings settings;

        World(boolean fallbackOff) {
            settings = fallbackOff ? Settings.of(Map.of(Setting.FALLBACK_TO_AUTO, "false")) : Settings.defaults();
            long id = 1;
            for (var r : rows(CHANNELS)) {
                var name = r.get(0);
                var keys = r.get(1).equals("no key") ? List.<ApiKey>of()
                        : List.of(ApiKey.of("sk-test-table-" + name + "-0000000000"));
                channels.put(name, new Channel(id++, name, ApiType.OPENAI, "https://" + name + ".example/v1", keys,
                        Map.of(), null, Map.of(), r.get(1).equals("on")));
            }
            for (var r : rows(ENTRIES)) {
                var ref = r.get(0);
                var channel = channels.get(ref.substring(0, ref.indexOf('/')));
                var state = r.get(2);
                var e = new Entry(id++, channel.id(), channel.name(), ref.substring(ref.indexOf('/') + 1),
                        r.get(1).isEmpty() ? null : r.get(1), !state.equals("switched-off"), NOW.minusSeconds(86400));
                entries.put(ref, e);
                if (state.startsWith("system-disabled: ")) {
                    health.put(e.id(), new Health(e.id(), null, state.substring("system-disabled: ".length()), 1,
                            null, "x"));
                } else if (state.startsWith("cooling until ")) {
                    var until = LocalTime.parse(state.substring("cooling until ".length()))
                            .atDate(NOW.atZone(ZoneOffset.UTC).toLocalDate()).toInstant(ZoneOffset.UTC);
                    health.put(e.id(), new Health(e.id(), until, null, 1, null, "HTTP 503"));
                }
            }
            for (var r : rows(GROUPS)) {
                var members = r.get(1).isEmpty() ? List.<Long>of()
                        : Arrays.stream(r.get(1).split(",")).map(String::strip).map(m -> entries.get(m).id()).toList();
                groups.add(new Group(id++, r.get(0), r.get(0).equals(Group.AUTO), members, NOW.minusSeconds(86400)));
            }
        }

        Resolution resolve(String model) {
            var snapshot = new Snapshot(List.copyOf(channels.values()), List.copyOf(entries.values()), groups, health,
                    settings, List.of());
            return Resolver.resolve(snapshot, model, NOW);
        }
    }

    private static String candidates(Resolution r) {
        return r.candidates().isEmpty() ? "-" : r.candidates().stream()
                .map(c -> c.entry().ref() + (c.health().coolingAt(NOW) ? " (cooling)" : ""))
                .collect(Collectors.joining(", "));
    }

    private static String held(Resolution r) {
        return r.held().isEmpty() ? "-" : r.held().stream()
                .map(ResolutionTableTest::held)
                .collect(Collectors.joining(", "));
    }

    private static String held(Held h) {
        return h.entry().ref() + " " + h.why().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The rows of a table: '|'-separated cells, trimmed; '#' lines and blank lines are not rows. */
    private static List<List<String>> rows(String table) {
        return table.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("#"))
                .map(l -> Arrays.stream(l.split("\\|", -1)).map(String::strip).toList())
                .toList();
    }
}
