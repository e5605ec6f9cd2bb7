package dev.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelPatternTest {
    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
            "claude*,        claude-haiku-4-5,          true",
            "claude*,        Claude-Opus-4-1,           true",
            "claude*,        claude,                    true",
            "claude*,        anthropic/claude-3,        false",
            "*haiku*,        claude-3-5-haiku-20241022, true",
            "*haiku*,        haiku,                     true",
            "*haiku,         claude-haiku-4-5,          false",
            "gpt-4*,         gpt-4o-mini,               true",
            "gpt-4*,         gpt-5,                     false",
            "gpt-4o,         gpt-4o,                    true",
            "gpt-4o,         gpt-4o-mini,               false",
            "gpt-4o,         GPT-4O,                    true",
            "*,              anything,                  true",
            "a*b*c,          abc,                       true",
            "a*b*c,          a-b-c,                     true",
            "a*b*c,          acb,                       false",
            "ab*ba,          aba,                       false",
            "ab*ba,          abba,                      true",
            "deepseek-ai/*,  deepseek-ai/DeepSeek-V3.2, true",
            "gpt-4.1*,       gpt-4x1,                   false",
    })
    void aStarStandsForAnyCharactersAndNothingElseIsSpecial(String pattern, String name, boolean matches) {
        assertEquals(matches, ModelPattern.of(pattern).matches(name));
    }

    @Test
    void specificityCountsTheCharactersOtherThanStars() {
        assertEquals(6, ModelPattern.of("claude*").specificity());
        assertEquals(11, ModelPattern.of("claude-opus*").specificity());
        assertEquals(5, ModelPattern.of("*haiku*").specificity());
        assertEquals(6, ModelPattern.of("gpt-4o").specificity());
        assertEquals(0, ModelPattern.of("*").specificity());
    }

    @Test
    void blankAndControlCharacterPatternsAreRefusedWithWhatToDo() {
        var blank = assertThrows(StoreException.class, () -> ModelPattern.of("  "));
        assertTrue(blank.getMessage().contains("claude*"), blank.getMessage());
        var control = assertThrows(StoreException.class, () -> ModelPattern.of("gpt\u001b[31m*"));
        assertEquals(StoreException.Kind.INVALID, control.kind());
        assertThrows(StoreException.class, () -> ModelPattern.of("x".repeat(201)));
        assertEquals("claude*", ModelPattern.of("  claude*  ").text());
    }
}
