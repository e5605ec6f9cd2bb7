package dev.switchboard.service;

/** Whether the gateway is answering clients, as the tray icon and the window's status line show it. */
public sealed interface GatewayState {
    /** Listening; {@code baseUrl} is what a client on this machine uses. */
    record Running(String baseUrl) implements GatewayState {
    }

    /** Stopped on purpose (Pause in the tray); the window and the store keep working. */
    record Paused() implements GatewayState {
    }

    /** Could not start: {@code message} says why and what to change (the port is in use: which setting). */
    record Failed(String message) implements GatewayState {
    }
}
