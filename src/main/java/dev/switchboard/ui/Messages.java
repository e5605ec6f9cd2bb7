package dev.switchboard.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The window's words in English or Chinese: the {@code language} setting ({@code system}, {@code en},
 * {@code zh}) over the desktop's locale. Each tab keeps its words in a bundle of its own under
 * {@code dev/switchboard/ui/i18n/} ({@code channels.properties} and {@code channels_zh.properties}, …), so that
 * tabs can change without touching each other's files. Placeholders are {@code {0}}, {@code {1}}, replaced as
 * text: no {@link java.text.MessageFormat} quoting rules to trip over.
 */
public final class Messages {
    /** Every bundle, looked up in this order. A test checks that each English key has a Chinese one. */
    static final List<String> BUNDLES = List.of("common", "tray", "channels", "models", "usage", "settings",
            "connect");
    static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

    private final Locale locale;
    private final List<ResourceBundle> bundles;

    private Messages(Locale locale, List<ResourceBundle> bundles) {
        this.locale = locale;
        this.bundles = bundles;
    }

    /** @param language the {@code language} setting; {@code system} follows {@code desktop} */
    public static Messages of(String language, Locale desktop) {
        var locale = resolve(language, desktop);
        var control = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        var loaded = new ArrayList<ResourceBundle>();
        for (var name : BUNDLES) {
            try {
                loaded.add(ResourceBundle.getBundle("dev.switchboard.ui.i18n." + name, locale, control));
            } catch (MissingResourceException e) {
                // a tab without words of its own yet
            }
        }
        return new Messages(locale, List.copyOf(loaded));
    }

    static Locale resolve(String language, Locale desktop) {
        return switch (language == null ? "system" : language) {
            case "zh" -> CHINESE;
            case "en" -> Locale.ENGLISH;
            default -> desktop != null && "zh".equals(desktop.getLanguage()) ? CHINESE : Locale.ENGLISH;
        };
    }

    public Locale locale() {
        return locale;
    }

    public boolean chinese() {
        return "zh".equals(locale.getLanguage());
    }

    /** The text for {@code key} with {@code {0}}, {@code {1}}… replaced; a missing key shows as itself. */
    public String get(String key, Object... args) {
        String text = null;
        for (var b : bundles) {
            if (b.containsKey(key)) {
                text = b.getString(key);
                break;
            }
        }
        if (text == null) {
            return key;
        }
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    public boolean has(String key) {
        return bundles.stream().anyMatch(b -> b.containsKey(key));
    }
}
