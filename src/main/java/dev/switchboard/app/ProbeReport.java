package dev.switchboard.app;

import dev.switchboard.discovery.Probe;
import java.io.PrintWriter;
import java.util.List;

/** How the CLI shows probes: the evidence behind a detection or a model list. */
final class ProbeReport {
    /** Lists longer than this are cut in the CLI's summary line; `channels models` prints them all. */
    static final int SHOWN_MODELS = 20;

    private ProbeReport() {
    }

    static void evidence(PrintWriter out, List<Probe> probes) {
        var table = new Table("TYPE", "URL", "STATUS", "MS", "OUTCOME");
        // URLs come redacted from discovery; the key never travels in them (auth is in headers)
        probes.forEach(p -> table.row(p.type(), p.url(), p.status() == 0 ? "-" : p.status(), p.millis(), p.outcome()));
        table.print(out);
    }

    /** For one line of output; the names may be an upstream's, so they are escaped ({@link Views#text}). */
    static String models(List<String> models) {
        if (models.size() <= SHOWN_MODELS) {
            return Views.text(String.join(", ", models));
        }
        return Views.text(String.join(", ", models.subList(0, SHOWN_MODELS))) + " and "
                + (models.size() - SHOWN_MODELS) + " more";
    }
}
