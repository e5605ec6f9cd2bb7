package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard rules …} end to end. */
class RulesCommandTest {
    @TempDir
    Path dir;

    private CliRun sb(String... args) {
        return CliRun.run(dir, args);
    }

    /** Channel relay with claude-sonnet-4-5, gpt-4o and haiku in auto; group cheap holds haiku, think holds o3. */
    @BeforeEach
    void channels() {
        sb("channels", "add", "--force", "relay", "--url", "https://relay.example.com/v1", "--key",
                "sk-FAKE-relay-0000000001", "-m", "claude-sonnet-4-5", "-m", "gpt-4o", "-m", "claude-haiku-4-5",
                "-m", "o3").ok();
        sb("groups", "create", "cheap").ok();
        sb("groups", "add", "cheap", "relay/claude-haiku-4-5").ok();
        sb("groups", "create", "think").ok();
        sb("groups", "add", "think", "relay/o3").ok();
    }

    private List<String> names() {
        var out = new ArrayList<String>();
        for (JsonNode r : sb("rules", "list", "--json").ok().json()) {
            out.add(r.get("name").asText());
        }
        return out;
    }

    @Test
    void rulesAreAddedListedInOrderMovedEditedAndRemoved() {
        sb("rules", "list").ok().prints("No rules: every request is routed by its model name.");
        sb("rules", "add", "background", "--background", "--group", "cheap").ok()
                .prints("Added rule 'background' at position 1: background call -> group cheap.");
        sb("rules", "add", "reasoning", "--thinking", "-g", "think").ok();
        sb("rules", "add", "claude", "--model", "claude*", "--protocol", "messages", "-g", "auto", "-p", "1").ok()
                .prints("at position 1: protocol anthropic-messages and model claude* -> group auto.");
        assertEquals(List.of("claude", "background", "reasoning"), names());

        var lines = sb("rules", "list").ok().out().lines().toList();
        assertTrue(lines.get(0).matches("#\\s+RULE\\s+WHEN\\s+GROUP\\s+STATE"), lines::toString);
        assertTrue(lines.get(2).matches("2\\s+background\\s+background call\\s+cheap\\s+ready"), lines::toString);

        sb("rules", "move", "claude", "3").ok().prints("Moved rule 'claude' to position 3 of 3.");
        assertEquals(List.of("background", "reasoning", "claude"), names());

        sb("rules", "edit", "claude", "--any-protocol", "--tokens-above", "60000", "--name", "long-claude").ok()
                .prints("Rule 'long-claude': model claude* and input over 60000 tokens -> group auto.");
        sb("rules", "disable", "long-claude").ok();
        var json = sb("rules", "list", "--json").ok().json().get(2);
        assertEquals("off", json.get("state").asText());
        assertEquals(60000, json.get("when").get("tokensAbove").asLong());
        assertTrue(json.get("when").get("protocol").isNull());

        sb("rules", "rm", "LONG-CLAUDE").ok().prints("Removed rule 'long-claude'.");
        assertEquals(List.of("background", "reasoning"), names());
    }

    @Test
    void mistakesAreRefusedSayingWhatToDo() {
        sb("rules", "add", "all", "--group", "auto").fails(2, "has no condition");
        sb("rules", "add", "x", "--thinking", "--group", "nope").fails(1, "no group named 'nope'");
        sb("rules", "add", "x", "--protocol", "openai", "--group", "auto").fails(2, "openai-chat and openai-responses");
        sb("rules", "add", "x", "--thinking", "--group", "auto").ok();
        sb("rules", "add", "X", "--images", "--group", "auto").fails(1, "already exists");
        sb("rules", "edit", "x").fails(2, "Nothing to change");
        sb("rules", "edit", "x", "--model", "a*", "--any-model").fails(2, "not both");
        sb("rules", "move", "x", "5").fails(2, "out of range: use 1 to 1");
        sb("rules", "remove", "y").fails(1, "There is no rule named 'y'. Rules: x.");
    }

    @Test
    void aRuleWhoseGroupIsDeletedStaysAndSaysItIsSkipped() {
        sb("rules", "add", "background", "--background", "--group", "cheap").ok();
        sb("groups", "delete", "cheap").ok();
        sb("rules", "list").ok().prints("group missing: skipped");
        sb("rules", "add", "reasoning", "--thinking", "--group", "think", "--disabled").ok();
        sb("status").ok().prints("rules:       2 (0 ready, 1 off, 1 skipped: see `rules list`)");
        sb("rules", "test", "--model", "claude-haiku-4-5", "--protocol", "messages", "--background").ok()
                .prints("Chosen by: tier:exact (rule background skipped: group cheap does not exist)",
                        "Tries:     1. relay/claude-haiku-4-5");
    }

    @Test
    void testShowsWhichRuleASampleRequestHitsAndWhatItWouldTry() throws IOException {
        sb("rules", "add", "background", "--background", "--group", "cheap").ok();
        sb("rules", "add", "reasoning", "--thinking", "--group", "think").ok();

        sb("rules", "test", "--model", "claude-sonnet-4-5", "--protocol", "messages", "--thinking").ok()
                .prints("Request:   'claude-sonnet-4-5' (anthropic-messages: thinking, about 0 input tokens)",
                        "Chosen by: rule:reasoning -> group think", "Tries:     1. relay/o3");
        sb("rules", "test", "--model", "gpt-4o").ok().prints("Chosen by: tier:exact", "1. relay/gpt-4o");
        sb("rules", "test", "--model", "relay/gpt-4o", "--thinking").ok().prints("Chosen by: tier:channel-qualified");
        sb("rules", "test", "--model", "gpt-4o", "--pin", "CHEAP").ok().prints("Chosen by: pinned:/g/cheap");
        sb("rules", "test", "--model", "gpt-4o", "--pin", "nope").fails(1, "no group named 'nope'");

        // Claude Code's recorded background call, read as the gateway reads it
        var body = dir.resolve("background.json");
        try (var in = getClass().getResourceAsStream("/fixtures/claude-code/background-request.json")) {
            Files.write(body, in.readAllBytes());
        }
        sb("rules", "test", "--protocol", "messages", "--body", body.toString()).ok()
                .prints("Chosen by: tier:exact", "'claude-haiku-4-5'");
        var json = sb("rules", "test", "--protocol", "messages", "--body", body.toString(), "--claude-code", "--json")
                .ok().json();
        assertEquals("rule:background", json.get("chosenBy").asText());
        assertTrue(json.get("traits").get("background").asBoolean());
        assertEquals("relay/claude-haiku-4-5", json.get("candidates").get(0).asText());
        sb("rules", "test", "--body", body.toString(), "--thinking").fails(2, "--body is read for its traits");
        sb("rules", "test", "--body", dir.resolve("none.json").toString()).fails(2, "There is no file");
    }
}
