package dev.switchboard.connect;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The agents' configuration files are UTF-8; one that is not is left alone rather than damaged. */
final class Texts {
    private Texts() {
    }

    /** The text of {@code bytes}, null for null. */
    static String decode(Path file, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConnectException(file + " is not UTF-8 text, so Switchboard leaves it alone. Nothing was"
                    + " changed.");
        }
    }

    static byte[] encode(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
