package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** DESIGN §5: the gateway runs the same with or without a display, because only {@code ui} touches AWT or Swing. */
class SwingStaysInUiTest {
    private static final Pattern DESKTOP = Pattern.compile("\\b(java\\.awt|javax\\.swing|com\\.formdev|org\\.jfree)\\.");

    @Test
    void nothingOutsideUiNamesAwtSwingFlatLafOrJFreeChart() throws IOException {
        var sources = Path.of("src/main/java/dev/switchboard");
        assertTrue(Files.isDirectory(sources), "run from the project folder");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !sources.relativize(p).startsWith("ui"))
                    .filter(p -> {
                        try {
                            return DESKTOP.matcher(Files.readString(p)).find();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString).sorted().toList();
        }
        assertEquals(List.of(), offenders);
    }
}
