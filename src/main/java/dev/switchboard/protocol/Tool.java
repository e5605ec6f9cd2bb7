package dev.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** A function the model may call, with its parameters as a JSON Schema object. */
public record Tool(String name, String description, JsonNode parameters) {
}
