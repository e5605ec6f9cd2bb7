package dev.switchboard.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.switchboard.json.Mappers;

/**
 * What a client is told when its request body is not JSON the gateway reads ({@link Mappers#EXACT}): where, and
 * why in plain words. A limit of the parser is named as a limit of Switchboard's, with its number, never as
 * Jackson's {@code StreamReadConstraints} (issue 18); the body limits themselves are the handlers' (32 MB, 64 MB).
 */
final class BodyJsonErrors {
    private BodyJsonErrors() {
    }

    /** One sentence, ending in a period, that begins with "The request body". */
    static String describe(JsonProcessingException e) {
        var where = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        if (e instanceof StreamConstraintsException) {
            // Jackson says which limit only in its message; the message is for us, the words below for the client.
            var jackson = String.valueOf(e.getOriginalMessage());
            if (jackson.contains("nesting depth")) {
                return "The request body nests objects and arrays more than " + Mappers.MAX_NESTING_DEPTH
                        + " levels deep" + where + "; Switchboard reads at most " + Mappers.MAX_NESTING_DEPTH + ".";
            }
            if (jackson.startsWith("Number")) {
                return "The request body holds a number longer than " + Mappers.MAX_NUMBER_LENGTH + " digits" + where
                        + "; Switchboard reads numbers of at most " + Mappers.MAX_NUMBER_LENGTH + " digits.";
            }
            // Strings, names and the document have no limit of their own (the body's size is the limit).
            return "The request body holds more than Switchboard reads" + where + ".";
        }
        return "The request body is not valid JSON" + where + ": " + e.getOriginalMessage();
    }
}
