package dev.switchboard.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.switchboard.store.SceneRule;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which rule wins ({@link SceneRules#choose}): list order, and the longest model pattern among matching ones. */
class SceneRulesTest {
    private static final RequestTraits CHAT = RequestTraits.Given.plain("openai-chat");

    private static List<SceneRule> rules(String... specs) {
        var out = new ArrayList<SceneRule>();
        long id = 1;
        for (var spec : specs) {
            var parts = spec.split("\\|");
            out.add(new SceneRule(id++, parts[0].strip(), !parts[1].contains("off"),
                    SceneRuleTableTest.when(parts[1]), parts[2].strip()));
        }
        return out;
    }

    private static String winner(List<SceneRule> rules, String model, RequestTraits traits) {
        var r = SceneRules.choose(rules, model, traits);
        return r == null ? null : r.name();
    }

    @Test
    void theFirstMatchingRuleWins() {
        var rules = rules("a | protocol=openai-chat | g", "b | protocol=openai-chat | g");
        assertEquals("a", winner(rules, "x", CHAT));
    }

    @Test
    void aMoreSpecificPatternOvertakesALessSpecificOneWhereverItSits() {
        var rules = rules("claude | model=claude* | g", "other | protocol=gemini | g", "opus | model=claude-opus* | g");
        assertEquals("opus", winner(rules, "claude-opus-4-1", CHAT));
        assertEquals("claude", winner(rules, "claude-sonnet-4-5", CHAT));
    }

    @Test
    void onEqualSpecificityTheEarlierPatternWins() {
        var rules = rules("first | model=gpt-4* | g", "second | model=*-4o* | g", "third | model=gpt-4o* | g");
        // gpt-4* (5) and *-4o* (3) lose to gpt-4o* (6)
        assertEquals("third", winner(rules, "gpt-4o-mini", CHAT));
        var tie = rules("first | model=gpt-* | g", "second | model=*4o-m* | g");
        assertEquals("first", winner(tie, "gpt-4o-mini", CHAT));
    }

    @Test
    void aRuleWithoutAPatternIsNeverOvertakenAndNeverOvertakes() {
        var rules = rules("thinking | thinking | g", "claude | model=claude* | g", "opus | model=claude-opus* | g");
        var thinking = new RequestTraits.Given("anthropic-messages", true, false, false, false, 0);
        assertEquals("thinking", winner(rules, "claude-opus-4-1", thinking));
        // an unrelated pattern earlier in the list does not pull a later, longer one ahead of a rule without one
        var mixed = rules("gpt | model=gpt* | g", "thinking | thinking | g", "sonnet | model=claude-sonnet* | g");
        assertEquals("thinking", winner(mixed, "claude-sonnet-4-5", thinking));
    }

    @Test
    void anOvertakingRuleMustMatchInFull() {
        var rules = rules("claude | model=claude* | g", "opus-thinking | model=claude-opus*, thinking | g");
        assertEquals("claude", winner(rules, "claude-opus-4-1", CHAT));
    }

    @Test
    void switchedOffRulesAreNeitherChosenNorOvertaking() {
        var rules = rules("claude | model=claude* | g", "opus | model=claude-opus*, off | g");
        assertEquals("claude", winner(rules, "claude-opus-4-1", CHAT));
        assertNull(winner(rules("only | model=x*, off | g"), "xyz", CHAT));
    }

    @Test
    void tokensAreAboveTheThresholdOnlyWhenMoreThanIt() {
        var rules = rules("long | tokens>1000 | g");
        assertNull(winner(rules, "m", new RequestTraits.Given("gemini", false, false, false, false, 1000)));
        assertEquals("long", winner(rules, "m", new RequestTraits.Given("gemini", false, false, false, false, 1001)));
    }

    @Test
    void theRequestIsReadOnlyAsFarAsARuleAsks() {
        var asked = new AtomicInteger();
        var counting = new RequestTraits() {
            public String protocol() {
                return "openai-chat";
            }

            public boolean thinking() {
                asked.incrementAndGet();
                return false;
            }

            public boolean images() {
                asked.incrementAndGet();
                return false;
            }

            public boolean webSearch() {
                asked.incrementAndGet();
                return false;
            }

            public boolean background() {
                asked.incrementAndGet();
                return false;
            }

            public long inputTokens() {
                asked.incrementAndGet();
                return 0;
            }
        };
        assertNull(winner(rules("a | protocol=gemini, thinking, tokens>5 | g", "b | model=claude*, images | g"),
                "gpt-4o", counting));
        assertEquals(0, asked.get(), "the protocol and the name rule both out before the request is read");
        assertNull(winner(rules("c | protocol=openai-chat, images, tokens>5 | g"), "gpt-4o", counting));
        assertEquals(1, asked.get(), "no image: the token estimate is not made");
    }
}
