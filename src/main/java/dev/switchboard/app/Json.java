package dev.switchboard.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import java.io.PrintWriter;

/** JSON output of the CLI's {@code --json} options: stable field names, pretty-printed, keys masked. */
final class Json {
    private Json() {
    }

    static ObjectNode object() {
        return Mappers.PRETTY.createObjectNode();
    }

    static void print(PrintWriter out, Object value) {
        try {
            out.println(Mappers.PRETTY.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
