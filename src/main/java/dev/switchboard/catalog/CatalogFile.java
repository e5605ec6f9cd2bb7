package dev.switchboard.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and validates one {@code models.json}. Strict on purpose: the override file is hand-edited, and a typo that
 * silently turned into "no context limit" or a wrong date would mislead the pre-selection, so any bad row rejects the
 * file with a message naming the row.
 */
final class CatalogFile {
    static final int VERSION = 1;
    private static final Set<String> MODALITIES = Set.of("text", "image", "pdf", "audio", "video");

    private CatalogFile() {
    }

    /**
     * One file's content.
     *
     * @param updated when this edition of the catalog was made (the top-level {@code "updated"}); null when the file
     *                does not say, as hand-written overrides need not
     * @param models  its rows, in file order
     */
    record Contents(Instant updated, List<ModelFacts> models) {
        Contents {
            models = List.copyOf(models);
        }
    }

    /** @throws IOException when the stream cannot be read; IllegalArgumentException when the content is malformed */
    static Contents read(InputStream in) throws IOException {
        JsonNode root;
        try {
            root = Mappers.JSON.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected an object {\"version\":1,\"models\":[...]}");
        }
        if (root.path("version").asInt(-1) != VERSION || !root.get("version").isInt()) {
            throw new IllegalArgumentException("\"version\" must be " + VERSION);
        }
        JsonNode models = root.get("models");
        if (models == null || !models.isArray()) {
            throw new IllegalArgumentException("\"models\" must be an array");
        }
        List<ModelFacts> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < models.size(); i++) {
            ModelFacts facts;
            try {
                facts = row(models.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("models[" + i + "]: " + e.getMessage());
            }
            if (!ids.add(facts.id().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("models[" + i + "]: duplicate id " + facts.id());
            }
            out.add(facts);
        }
        return new Contents(updated(root.get("updated")), out);
    }

    /** An ISO-8601 instant in UTC ({@code 2026-12-06T19:52:13Z}): editions of a day apart or of a minute compare. */
    private static Instant updated(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"updated\" must be a UTC time such as 2026-12-06T19:52:13Z, not "
                    + value);
        }
    }

    private static ModelFacts row(JsonNode row) {
        if (!row.isObject()) {
            throw new IllegalArgumentException("not an object");
        }
        String id = text(row, "id", true);
        String released = text(row, "released", true);
        LocalDate date;
        try {
            date = LocalDate.parse(released);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(id + ": \"released\" must be YYYY-MM-DD, not " + released);
        }
        List<String> input = new ArrayList<>();
        JsonNode inputs = row.get("input");
        if (inputs == null) {
            input.add("text");
        } else if (!inputs.isArray()) {
            throw new IllegalArgumentException(id + ": \"input\" must be an array");
        } else {
            for (JsonNode m : inputs) {
                if (!m.isTextual() || !MODALITIES.contains(m.asText())) {
                    throw new IllegalArgumentException(id + ": unknown input modality " + m + ", expected one of "
                            + "text, image, pdf, audio, video");
                }
                input.add(m.asText());
            }
        }
        return new ModelFacts(id, text(row, "provider", true), text(row, "name", true), text(row, "family", false),
                date, positive(row, id, "context"), positive(row, id, "output"), input, flag(row, id, "reasoning"),
                flag(row, id, "tools"), flag(row, id, "openWeights"), flag(row, id, "openaiReasoning"));
    }

    private static String text(JsonNode row, String field, boolean required) {
        JsonNode value = row.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("\"" + field + "\" is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a non-empty string");
        }
        return value.asText().strip();
    }

    private static Integer positive(JsonNode row, String id, String field) {
        JsonNode value = row.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() <= 0) {
            throw new IllegalArgumentException(id + ": \"" + field + "\" must be a positive whole number of tokens");
        }
        return value.asInt();
    }

    private static boolean flag(JsonNode row, String id, String field) {
        JsonNode value = row.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(id + ": \"" + field + "\" must be true or false");
        }
        return value.asBoolean();
    }
}
