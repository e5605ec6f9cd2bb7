package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MessagesTest {
    @Test
    void everyBundleHasTheSameKeysInEnglishAndChinese() throws IOException {
        int bundles = 0;
        for (var name : Messages.BUNDLES) {
            var en = load(name + ".properties");
            var zh = load(name + "_zh.properties");
            if (en == null && zh == null) {
                continue;
            }
            bundles++;
            assertTrue(en != null && zh != null, name + ": both languages or neither");
            var missingZh = new TreeSet<>(en.stringPropertyNames());
            missingZh.removeAll(zh.stringPropertyNames());
            var missingEn = new TreeSet<>(zh.stringPropertyNames());
            missingEn.removeAll(en.stringPropertyNames());
            assertEquals(new TreeSet<String>(), missingZh, name + ": keys without Chinese");
            assertEquals(new TreeSet<String>(), missingEn, name + ": keys without English");
            for (var key : en.stringPropertyNames()) {
                assertEquals(placeholders(en.getProperty(key)), placeholders(zh.getProperty(key)),
                        name + ": " + key + " has different placeholders");
            }
        }
        assertTrue(bundles >= 2, "common and tray at least");
    }

    @Test
    void followsTheDesktopLocaleUnlessTheSettingSaysOtherwise() {
        assertTrue(Messages.of("system", Locale.SIMPLIFIED_CHINESE).chinese());
        assertTrue(Messages.of("system", Locale.TRADITIONAL_CHINESE).chinese());
        assertFalse(Messages.of("system", Locale.GERMANY).chinese());
        assertFalse(Messages.of("en", Locale.SIMPLIFIED_CHINESE).chinese());
        assertTrue(Messages.of("zh", Locale.US).chinese());
        assertEquals("渠道", Messages.of("zh", Locale.US).get("tab.channels"));
        assertEquals("Channels", Messages.of("en", Locale.CHINA).get("tab.channels"));
    }

    @Test
    void replacesPlaceholdersAsTextAndShowsAMissingKeyAsItself() {
        var en = Messages.of("en", Locale.US);
        assertEquals("Running on http://127.0.0.1:9090", en.get("status.running", "http://127.0.0.1:9090"));
        assertEquals("Switchboard: running on u; 2 cooling down", en.get("tray.tooltip.cooling", "u", 2));
        assertEquals("no.such.key", en.get("no.such.key"));
    }

    private static Properties load(String file) throws IOException {
        var in = Messages.class.getResourceAsStream("i18n/" + file);
        if (in == null) {
            return null;
        }
        try (var reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            var p = new Properties();
            p.load(reader);
            return p;
        }
    }

    private static TreeSet<String> placeholders(String text) {
        var out = new TreeSet<String>();
        var m = java.util.regex.Pattern.compile("\\{\\d}").matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
