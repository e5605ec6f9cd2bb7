package dev.switchboard.app;

/**
 * Asks for a secret at the terminal without echoing it, as {@code ssh} asks for a passphrase: a key pasted for
 * {@code --key -} must not stay on the screen or in the terminal's scrollback. Where input is not a terminal (a
 * pipe, a script, a test), there is no one to ask and the key is read from standard input instead.
 */
@FunctionalInterface
public interface SecretPrompt {
    /** No terminal: every read answers null. */
    SecretPrompt NONE = prompt -> null;

    /** What the person typed after {@code prompt}, or null when there is no terminal to ask at. */
    String read(String prompt);

    /**
     * The process's terminal, when both its input and output are one ({@link System#console()} on Java 17);
     * else {@link #NONE}.
     */
    static SecretPrompt console() {
        var console = System.console();
        if (console == null) {
            return NONE;
        }
        return prompt -> {
            var typed = console.readPassword("%s", prompt);
            return typed == null ? "" : new String(typed); // end of input at the prompt: nothing typed
        };
    }
}
