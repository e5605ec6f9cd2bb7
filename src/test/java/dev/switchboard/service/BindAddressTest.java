package dev.switchboard.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which bind addresses keep the gateway to this machine (the rest need a client access key first). */
class BindAddressTest {
    @Test
    void loopbackAddressesKeepItHere() {
        assertTrue(BindAddress.isLoopback("127.0.0.1"));
        assertTrue(BindAddress.isLoopback("127.0.0.2"));
        assertTrue(BindAddress.isLoopback("::1"));
    }

    @Test
    void everyOtherAddressReachesBeyond() {
        assertFalse(BindAddress.isLoopback("0.0.0.0"));
        assertFalse(BindAddress.isLoopback("::"));
        assertFalse(BindAddress.isLoopback("192.168.1.20"));
    }
}
