package dev.switchboard.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.balance.Balance;
import dev.switchboard.balance.BalancePreset;
import dev.switchboard.balance.BalanceQuery;
import dev.switchboard.routing.Resolution.Tier;
import dev.switchboard.routing.Resolution.Why;
import dev.switchboard.store.ApiKey;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Group;
import dev.switchboard.store.Health;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Settings;
import dev.switchboard.store.Snapshot;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolverTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    // Channels
    private static final long RELAY = 1;
    private static final long CLAUDE = 2;
    private static final long OFF = 3;
    private static final long ZETA = 4;

    // Entries
    private static final long RELAY_GPT_4O = 10;
    private static final long RELAY_DEEPSEEK = 11;
    private static final long CLAUDE_SONNET = 12;
    private static final long CLAUDE_GPT_4O = 13;
    private static final long RELAY_GPT_4O_MINI = 14;
    private static final long OFF_GPT_4O = 15;
    private static final long RELAY_HAIKU_DISABLED = 16;

    /** A small world: two working channels, one switched off; auto holds everything. */
    private static final class World {
        final List<Channel> channels = new ArrayList<>(List.of(
                channel(RELAY, "relay", true), channel(CLAUDE, "claude", true), channel(OFF, "off", false)));
        final List<Entry> entries = new ArrayList<>(List.of(
                entry(RELAY_GPT_4O, RELAY, "relay", "gpt-4o", null, true),
                entry(RELAY_DEEPSEEK, RELAY, "relay", "deepseek-ai/DeepSeek-V3.2", "deepseek", true),
                entry(CLAUDE_SONNET, CLAUDE, "claude", "claude-sonnet-4-5", null, true),
                entry(CLAUDE_GPT_4O, CLAUDE, "claude", "gpt-4o", null, true),
                entry(RELAY_GPT_4O_MINI, RELAY, "relay", "gpt-4o-mini", null, true),
                entry(OFF_GPT_4O, OFF, "off", "gpt-4o", null, true),
                entry(RELAY_HAIKU_DISABLED, RELAY, "relay", "claude-haiku-4-5", null, false)));
        final List<Group> groups = new ArrayList<>(List.of(
                group(1, "auto", CLAUDE_SONNET, RELAY_GPT_4O, RELAY_DEEPSEEK, RELAY_GPT_4O_MINI, CLAUDE_GPT_4O,
                        OFF_GPT_4O, RELAY_HAIKU_DISABLED),
                group(2, "coding", CLAUDE_SONNET, RELAY_DEEPSEEK)));
        final Map<Long, Health> health = new HashMap<>();
        Settings settings = Settings.defaults();

        Resolution resolve(String model) {
            return Resolver.resolve(new Snapshot(channels, entries, groups, health, settings, List.of()), model, NOW);
        }

        World coolingUntil(long entryId, Instant until) {
            health.put(entryId, new Health(entryId, until, null, 1, null, "HTTP 503"));
            return this;
        }
    }

    private static Channel channel(long id, String name, boolean enabled) {
        return new Channel(id, name, ApiType.OPENAI, "https://" + name + ".example/v1",
                List.of(ApiKey.of("sk-test-" + name + "-0000000000")), Map.of(), null, Map.of(), enabled);
    }

    private static Entry entry(long id, long channelId, String channelName, String model, String alias,
            boolean enabled) {
        return new Entry(id, channelId, channelName, model, alias, enabled, NOW.minus(Duration.ofDays(1)));
    }

    private static Group group(long id, String name, Long... members) {
        return new Group(id, name, name.equals(Group.AUTO), List.of(members), NOW.minus(Duration.ofDays(1)));
    }

    private static List<Long> ids(Resolution r) {
        return r.candidates().stream().map(c -> c.entry().id()).toList();
    }

    private static List<Long> heldIds(Resolution r) {
        return r.held().stream().map(h -> h.entry().id()).toList();
    }

    private static List<Why> whys(Resolution r) {
        return r.held().stream().map(Resolution.Held::why).toList();
    }

    @Test
    void emptyOrMissingModelMeansAuto() {
        var world = new World();
        var expected = List.of(CLAUDE_SONNET, RELAY_GPT_4O, RELAY_DEEPSEEK, RELAY_GPT_4O_MINI, CLAUDE_GPT_4O);

        for (var model : new String[] {"", "   ", null}) {
            var r = world.resolve(model);
            assertEquals(Tier.GROUP, r.tier());
            assertEquals("auto", r.requested());
            assertEquals(expected, ids(r));
        }
    }

    @Test
    void groupNameMatchesCaseInsensitivelyInGroupOrder() {
        var r = new World().resolve("  CoDiNg ");

        assertEquals(Tier.GROUP, r.tier());
        assertEquals("CoDiNg", r.requested());
        assertEquals(List.of(CLAUDE_SONNET, RELAY_DEEPSEEK), ids(r));
    }

    @Test
    void groupComesBeforeAModelOfTheSameName() {
        var world = new World();
        world.groups.add(group(3, "gpt-4o", RELAY_GPT_4O_MINI));

        var r = world.resolve("GPT-4o");

        assertEquals(Tier.GROUP, r.tier());
        assertEquals(List.of(RELAY_GPT_4O_MINI), ids(r));
    }

    @Test
    void channelQualifiedNameSplitsAtTheFirstSlashSoModelNamesMayHoldSlashes() {
        var r = new World().resolve("relay/deepseek-ai/DeepSeek-V3.2");

        assertEquals(Tier.CHANNEL_QUALIFIED, r.tier());
        assertEquals(List.of(RELAY_DEEPSEEK), ids(r));
        assertEquals("relay", r.candidates().get(0).channel().name());
    }

    @Test
    void channelQualifiedNamePicksThatChannelsEntryAlone() {
        assertEquals(List.of(CLAUDE_GPT_4O), ids(new World().resolve("claude/gpt-4o")));
        assertEquals(List.of(RELAY_GPT_4O), ids(new World().resolve("Relay/GPT-4o")));
    }

    @Test
    void modelNameWithSlashButNoSuchChannelMatchesExactly() {
        var r = new World().resolve("deepseek-ai/deepseek-v3.2");

        assertEquals(Tier.EXACT, r.tier());
        assertEquals(List.of(RELAY_DEEPSEEK), ids(r));
    }

    @Test
    void exactMatchByAliasIsCaseInsensitive() {
        var r = new World().resolve("DeepSeek");

        assertEquals(Tier.EXACT, r.tier());
        assertEquals(List.of(RELAY_DEEPSEEK), ids(r));
    }

    @Test
    void exactMatchesAreOrderedByTheirPositionInAuto() {
        var world = new World();
        assertEquals(List.of(RELAY_GPT_4O, CLAUDE_GPT_4O), ids(world.resolve("gpt-4o")));

        world.groups.set(0, group(1, "auto", CLAUDE_GPT_4O, RELAY_GPT_4O));
        var r = world.resolve("gpt-4o");

        assertEquals(Tier.EXACT, r.tier());
        assertEquals(List.of(CLAUDE_GPT_4O, RELAY_GPT_4O), ids(r));
    }

    @Test
    void exactMatchesOutsideAutoComeLastOrderedByName() {
        var world = new World();
        world.channels.add(channel(ZETA, "zeta", true));
        world.entries.add(entry(21, ZETA, "zeta", "GPT-4O", null, true));
        world.entries.add(entry(20, ZETA, "zeta", "fast", "gpt-4o", true));
        world.groups.set(0, group(1, "auto", CLAUDE_GPT_4O));

        var r = world.resolve("gpt-4o");

        // In auto first; then, outside auto, by model name: "fast" < "gpt-4o" (relay) < "GPT-4O" (zeta).
        assertEquals(List.of(CLAUDE_GPT_4O, 20L, RELAY_GPT_4O, 21L), ids(r));
    }

    @Test
    void fuzzyMatchKeepsOnlyTheLongestOverlap() {
        var world = new World();

        var longer = world.resolve("gpt-4o-mini-2024-07-18");
        assertEquals(Tier.FUZZY, longer.tier());
        assertEquals(List.of(RELAY_GPT_4O_MINI), ids(longer));

        var contained = world.resolve("sonnet");
        assertEquals(Tier.FUZZY, contained.tier());
        assertEquals(List.of(CLAUDE_SONNET), ids(contained));
    }

    @Test
    void fuzzyTiesAreOrderedByAutoPosition() {
        var r = new World().resolve("GPT-4");

        assertEquals(Tier.FUZZY, r.tier());
        assertEquals(List.of(RELAY_GPT_4O, RELAY_GPT_4O_MINI, CLAUDE_GPT_4O), ids(r));
    }

    @Test
    void fuzzyMatchLooksAtAliasesToo() {
        var r = new World().resolve("deeps");

        assertEquals(Tier.FUZZY, r.tier());
        assertEquals(List.of(RELAY_DEEPSEEK), ids(r));
    }

    @Test
    void unknownNameFallsBackToAutoWhenTheSettingIsOn() {
        var r = new World().resolve("llama-3-70b");

        assertEquals(Tier.FALLBACK, r.tier());
        assertEquals(List.of(CLAUDE_SONNET, RELAY_GPT_4O, RELAY_DEEPSEEK, RELAY_GPT_4O_MINI, CLAUDE_GPT_4O), ids(r));
    }

    @Test
    void unknownNameResolvesToNothingWhenFallbackIsOff() {
        var world = new World();
        world.settings = Settings.of(Map.of(Setting.FALLBACK_TO_AUTO, "false"));

        var r = world.resolve("llama-3-70b");

        assertEquals(Tier.NONE, r.tier());
        assertEquals("llama-3-70b", r.requested());
        assertTrue(r.candidates().isEmpty());
    }

    @Test
    void disabledEntriesAndEntriesOfDisabledChannelsAreDropped() {
        var world = new World();

        var byName = world.resolve("gpt-4o");
        assertEquals(List.of(RELAY_GPT_4O, CLAUDE_GPT_4O), ids(byName));
        assertEquals(List.of(OFF_GPT_4O), heldIds(byName));
        // Named by its channel: that entry alone, which cannot serve; not the same name elsewhere, not fuzzy.
        var viaOff = world.resolve("off/gpt-4o");
        assertEquals(Tier.CHANNEL_QUALIFIED, viaOff.tier());
        assertEquals(List.of(), ids(viaOff));
        assertEquals(List.of(Why.CHANNEL_SWITCHED_OFF), whys(viaOff));
        // A switched-off entry is not reachable by its name, and its name is not handed on to auto.
        var off = world.resolve("claude-haiku-4-5");
        assertEquals(Tier.EXACT, off.tier());
        assertEquals(List.of(), ids(off));
        assertEquals(List.of(Why.SWITCHED_OFF), whys(off));
    }

    @Test
    void systemDisabledEntriesAreDropped() {
        var world = new World();
        world.health.put(RELAY_GPT_4O, new Health(RELAY_GPT_4O, null, "HTTP 401: invalid api key", 1, null, "x"));

        assertEquals(List.of(CLAUDE_GPT_4O), ids(world.resolve("gpt-4o")));
        assertEquals(List.of(CLAUDE_SONNET, RELAY_DEEPSEEK, RELAY_GPT_4O_MINI, CLAUDE_GPT_4O),
                ids(world.resolve("auto")));
    }

    /**
     * A name whose only entries the system disabled resolves to nothing, fallback or not, and says that it was
     * health, not the name: the gateway answers "no healthy entry" with the reason rather than "not found". Each
     * entry is named once.
     */
    @Test
    void aNameWhoseEntriesAreAllSystemDisabledSaysSoApartFromAnUnknownName() {
        var world = new World();
        world.settings = Settings.of(Map.of(Setting.FALLBACK_TO_AUTO, "false"));
        world.health.put(CLAUDE_SONNET, new Health(CLAUDE_SONNET, null, "HTTP 401: invalid api key", 1, null, "x"));

        var sidelined = world.resolve("claude-sonnet-4-5"); // by its name, and in the coding group
        var unknown = world.resolve("no-such-model");

        assertEquals(Tier.EXACT, sidelined.tier());
        assertTrue(sidelined.noneHealthy());
        assertEquals(List.of(CLAUDE_SONNET), heldIds(sidelined));
        assertTrue(sidelined.explain().contains("claude/claude-sonnet-4-5 is disabled by the system: HTTP 401:"
                + " invalid api key"), sidelined.explain());
        assertEquals(Tier.NONE, unknown.tier());
        assertFalse(unknown.noneHealthy());
        assertFalse(world.resolve("coding").noneHealthy(), "a group with a healthy member still routes");
        world.settings = Settings.defaults();
        assertTrue(world.resolve("claude-sonnet-4-5").noneHealthy(), "not handed to auto either");
    }

    @Test
    void aGroupWithNothingThatCanServeIsAnErrorNotTheFallback() {
        var world = new World();
        world.groups.add(group(3, "broken", RELAY_HAIKU_DISABLED, OFF_GPT_4O));

        var r = world.resolve("broken");

        assertEquals(Tier.GROUP, r.tier());
        assertEquals(List.of(), ids(r));
        assertEquals(List.of(Why.SWITCHED_OFF, Why.CHANNEL_SWITCHED_OFF), whys(r));
        assertTrue(r.explain().startsWith("Nothing in the group 'broken' can serve now: relay/claude-haiku-4-5 is"
                + " switched off"), r.explain());
    }

    @Test
    void anEmptyGroupIsNotFoundNotTheFallback() {
        var world = new World();
        world.groups.add(group(3, "empty"));

        var r = world.resolve("empty");

        assertEquals(Tier.GROUP, r.tier());
        assertFalse(r.noneHealthy());
        assertTrue(r.explain().contains("the group has no members"), r.explain());
    }

    @Test
    void aModelTheNamedChannelLacksIsNotFoundNotFuzzyNorTheFallback() {
        var r = new World().resolve("relay/gpt-4");

        assertEquals(Tier.CHANNEL_QUALIFIED, r.tier());
        assertEquals(List.of(), ids(r));
        assertEquals("No enabled model answers to 'relay/gpt-4': channel relay has no model 'gpt-4'. GET /v1/models"
                + " lists what does.", r.explain());
    }

    @Test
    void coolingEntriesMoveToTheEndOrderedByWhenTheirCooldownEnds() {
        var world = new World()
                .coolingUntil(CLAUDE_SONNET, NOW.plus(Duration.ofMinutes(10)))
                .coolingUntil(RELAY_GPT_4O, NOW.plus(Duration.ofMinutes(5)))
                .coolingUntil(RELAY_GPT_4O_MINI, NOW.minus(Duration.ofMinutes(1))); // over: keeps its place

        var r = world.resolve("auto");

        assertEquals(List.of(RELAY_DEEPSEEK, RELAY_GPT_4O_MINI, CLAUDE_GPT_4O, RELAY_GPT_4O, CLAUDE_SONNET), ids(r));
        assertEquals(NOW.plus(Duration.ofMinutes(5)), r.candidates().get(3).health().cooldownUntil());
    }

    @Test
    void coolingEntriesAreALastResortNeverDropped() {
        var r = new World().coolingUntil(CLAUDE_SONNET, NOW.plus(Duration.ofHours(1))).resolve("claude-sonnet-4-5");

        assertEquals(Tier.EXACT, r.tier());
        assertEquals(List.of(CLAUDE_SONNET), ids(r));
    }

    /** Issue 18: {@code x} is in {@code gpt-x}, but {@code hold/x} is not the model the client named. */
    @Test
    void qualifiedNameOfDisabledEntryIsNotFuzzyMatched() {
        var world = new World();
        world.channels.add(channel(ZETA, "hold", true));
        world.entries.add(entry(30, RELAY, "relay", "gpt-x", null, true));
        world.entries.add(entry(31, ZETA, "hold", "x", null, true));
        world.health.put(30L, new Health(30L, null, "HTTP 401: invalid api key", 1, null, "x"));

        var r = world.resolve("relay/gpt-x");

        assertEquals(Tier.CHANNEL_QUALIFIED, r.tier());
        assertEquals(List.of(), ids(r));
    }

    @Test
    void oneOrTwoCharactersInCommonAreNoFuzzyMatch() {
        var world = new World();
        world.channels.add(channel(ZETA, "hold", true));
        world.entries.add(entry(31, ZETA, "hold", "x", null, true));
        world.entries.add(entry(32, ZETA, "hold", "ab", null, true));

        assertEquals(Tier.FALLBACK, world.resolve("xyz").tier(), "'x' is in 'xyz'");
        assertEquals(Tier.FALLBACK, world.resolve("abc").tier(), "'ab' is in 'abc'");
        assertEquals(Tier.FALLBACK, world.resolve("4o").tier(), "'4o' is in 'gpt-4o'");
        var three = world.resolve("o-m");
        assertEquals(Tier.FUZZY, three.tier(), "three characters are a match");
        assertEquals(List.of(RELAY_GPT_4O_MINI), ids(three));
    }

    /** The world with {@code channelId}'s last balance check reading {@code remaining} (null: the check failed). */
    private static World withBalance(World world, long channelId, String remaining) {
        var i = 0;
        for (var c : world.channels) {
            if (c.id() == channelId) {
                var balance = remaining == null ? Balance.failed(NOW, "HTTP 401 from api.example")
                        : new Balance(NOW, new BigDecimal(remaining), null, "USD", null, null);
                world.channels.set(i, new Channel(c.id(), c.name(), c.type(), c.baseUrl(), c.keys(), c.headers(),
                        c.proxy(), c.options(), c.enabled(), c.withheldHeaders(), BalanceQuery.of(BalancePreset.DEEPSEEK),
                        balance));
            }
            i++;
        }
        return world;
    }

    @Test
    void movesEmptyBalanceChannelLastAfterCoolingOnes() {
        var world = withBalance(new World(), CLAUDE, "0.00").coolingUntil(RELAY_GPT_4O, NOW.plusSeconds(60));

        var r = world.resolve("auto");

        // auto: claude-sonnet, relay/gpt-4o, relay/deepseek, relay/gpt-4o-mini, claude/gpt-4o (off and disabled held)
        assertEquals(List.of(RELAY_DEEPSEEK, RELAY_GPT_4O_MINI, RELAY_GPT_4O, CLAUDE_SONNET, CLAUDE_GPT_4O), ids(r),
                "funded ready, funded cooling, then the empty channel's entries in their own order");
        assertTrue(r.held().stream().noneMatch(h -> h.entry().channelId() == CLAUDE), "never dropped");
    }

    @Test
    void negativeBalanceIsEmptyToo() {
        var r = withBalance(new World(), CLAUDE, "-3").resolve("gpt-4o");

        assertEquals(List.of(RELAY_GPT_4O, CLAUDE_GPT_4O), ids(r));
    }

    @Test
    void emptyBalanceMovesNothingWithTheSettingOff() {
        var world = withBalance(new World(), CLAUDE, "0");
        world.settings = Settings.of(Map.of(Setting.BALANCE_EMPTY_LAST, "false"));

        var r = world.resolve("auto");

        assertEquals(CLAUDE_SONNET, ids(r).get(0));
    }

    @Test
    void failedOrLowBalanceCheckMovesNothing() {
        assertEquals(CLAUDE_SONNET, ids(withBalance(new World(), CLAUDE, null).resolve("auto")).get(0),
                "an error is no reading");
        assertEquals(CLAUDE_SONNET, ids(withBalance(new World(), CLAUDE, "0.01").resolve("auto")).get(0),
                "low is not empty");
    }
}
