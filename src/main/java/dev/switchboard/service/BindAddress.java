package dev.switchboard.service;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The {@code bind} address as far as who can reach the gateway: listening beyond loopback lets other machines
 * spend the person's keys, so it needs a client access key first (DESIGN §6). {@code serve}, {@code status}, the
 * desktop app's {@link Lifecycle} and the window's settings ask the same question here.
 */
public final class BindAddress {
    private BindAddress() {
    }

    /** Whether only this machine can reach {@code address}; an unknown name counts as reachable from elsewhere. */
    public static boolean isLoopback(String address) {
        try {
            // the bind setting and --bind hold an IP literal (Setting.BIND normalizes them): no name lookup here
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
