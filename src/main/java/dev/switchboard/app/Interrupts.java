package dev.switchboard.app;

/**
 * While {@code switchboard run} waits for an agent, Ctrl-C belongs to the agent (Claude Code and Codex use it to
 * stop a turn): the terminal sends it to both processes, and the JVM's default would be to exit at once, leaving
 * the agent running in a terminal nobody waits for. So SIGINT is ignored here until the agent ends; the agent
 * decides. Where the signal API is missing (it is JDK-internal), the default stays.
 */
final class Interrupts implements AutoCloseable {
    private final Object previous;

    private Interrupts(Object previous) {
        this.previous = previous;
    }

    static Interrupts leftToChild() {
        try {
            var signal = new sun.misc.Signal("INT");
            return new Interrupts(sun.misc.Signal.handle(signal, s -> { }));
        } catch (IllegalArgumentException | LinkageError e) {
            return new Interrupts(null);
        }
    }

    @Override
    public void close() {
        if (previous instanceof sun.misc.SignalHandler handler) {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
        }
    }
}
