package dev.switchboard.protocol;

import java.util.List;

/** One turn of the conversation. */
public record Message(Role role, List<Part> parts) {
    public Message {
        parts = List.copyOf(parts);
    }

    public static Message user(String text) {
        return new Message(Role.USER, List.of(new Part.Text(text)));
    }
}
