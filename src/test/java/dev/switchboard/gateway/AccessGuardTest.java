package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.gateway.AccessGuard.Decision;
import dev.switchboard.gateway.AccessGuard.RequestFacts;
import dev.switchboard.store.AccessKeyStore.AccessKey;
import dev.switchboard.store.ApiKey;
import dev.switchboard.store.Cidr;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Settings;
import dev.switchboard.store.StoreException;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The guard's rules as a pure function: every case a loopback-only test run cannot reach. */
class AccessGuardTest {
    private static final String KEY = "sb-test-access-key-laptop-000000";
    private static final List<AccessKey> KEYS = List.of(
            new AccessKey(1, "laptop", ApiKey.of(KEY)),
            new AccessKey(2, "phone", ApiKey.of("sb-test-access-key-phone-0000000")));

    private static InetAddress ip(String literal) {
        var a = Cidr.literal(literal);
        if (a == null) {
            throw new IllegalArgumentException(literal);
        }
        return a;
    }

    private static Settings settings(String... pairs) {
        var overrides = new EnumMap<Setting, String>(Setting.class);
        for (int i = 0; i < pairs.length; i += 2) {
            overrides.put(Setting.of(pairs[i]), pairs[i + 1]);
        }
        return Settings.of(overrides);
    }

    private static RequestFacts facts(String remote, String host, String origin, String... headers) {
        return request("POST", remote, host, origin, headers);
    }

    private static RequestFacts request(String method, String remote, String host, String origin, String... headers) {
        var map = new HashMap<String, String>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return new RequestFacts(ip(remote), host, origin, method, map);
    }

    private static Decision decide(RequestFacts facts, Settings settings) {
        return AccessGuard.decide(facts, settings, KEYS);
    }

    private static void assertRefused(int status, String code, Decision d) {
        assertFalse(d.allowed(), "expected a refusal");
        assertEquals(status, d.status(), d.message());
        assertEquals(code, d.code(), d.message());
    }

    // ---- loopback callers

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"})
    void loopbackCallerNeedsNoKey(String remote) {
        assertTrue(decide(facts(remote, "127.0.0.1:9090", null), settings("allowed-ips", "10.0.0.0/8")).allowed());
    }

    // ---- Host

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:9090", "LOCALHOST:9090", "localhost.", "app.localhost:9090",
            "127.0.0.1", "127.0.0.1:9090", "127.1.2.3:80", "[::1]:9090", "[::1]", "::1", "192.168.1.20:9090",
            "8.8.8.8", "[fd00::7]:9090", ""})
    void loopbackNamesAndIpLiteralsAreAcceptedHosts(String host) {
        assertTrue(decide(facts("127.0.0.1", host, null), settings()).allowed(), host);
    }

    @Test
    void noHostHeaderIsAccepted() {
        assertTrue(decide(facts("127.0.0.1", null, null), settings()).allowed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:9090", "127.0.0.1.nip.io", "localhost.evil.example",
            "mylaptop", "1.2.3.4.example"})
    void namesThatAreNotLoopbackAreRefusedSayingWhichSettingAllowsThem(String host) {
        var d = decide(facts("127.0.0.1", host, null), settings());

        assertRefused(403, "host_not_allowed", d);
        var name = host.split(":")[0];
        assertTrue(d.message().contains("Host '" + name + "' is not allowed"), d.message());
        assertTrue(d.message().contains("`switchboard settings set allowed-hosts " + name + "`"), d.message());
        assertEquals("permission_error", d.type());
    }

    @Test
    void allowedHostsLetANameInCaseInsensitively() {
        var s = settings("allowed-hosts", "mylaptop.lan,Gateway.Example");

        assertTrue(decide(facts("127.0.0.1", "MyLaptop.lan:9090", null), s).allowed());
        assertTrue(decide(facts("127.0.0.1", "gateway.example.", null), s).allowed());
        var d = decide(facts("127.0.0.1", "evil.example", null), s);
        assertRefused(403, "host_not_allowed", d);
        assertTrue(d.message().contains("allowed-hosts mylaptop.lan,Gateway.Example,evil.example`"), d.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example:abc", "[::1", "[evil.example]:80", "[::1]x", "a b", "user@evil.example"})
    void malformedHostIsRefused(String host) {
        assertRefused(403, "host_not_allowed", decide(facts("127.0.0.1", host, null), settings()));
    }

    @Test
    void hostNameIsParsedWithoutPortBracketsOrFinalDot() {
        assertEquals("evil.example", AccessGuard.hostName("Evil.Example.:8080"));
        assertEquals("::1", AccessGuard.hostName("[::1]:9090"));
        assertEquals("127.0.0.1", AccessGuard.hostName("127.0.0.1"));
        assertNull(AccessGuard.hostName("evil.example:80:80"));
        assertNull(AccessGuard.hostName("[1:2]"), "not an IPv6 literal, and never looked up");
        assertNull(Cidr.literal("evil.example"));
        assertNull(Cidr.literal("1.2.3"));
    }

    // ---- Origin

    @Test
    void browserOriginNotAllowedIsRefusedSayingWhichSettingAllowsIt() {
        var d = decide(facts("127.0.0.1", "127.0.0.1:9090", "https://evil.example"), settings());

        assertRefused(403, "origin_not_allowed", d);
        assertTrue(d.message().contains("`switchboard settings set allowed-origins https://evil.example`"), d.message());
    }

    @Test
    void nullOriginOfASandboxedPageIsRefused() {
        assertRefused(403, "origin_not_allowed", decide(facts("127.0.0.1", "localhost", "null"), settings()));
    }

    @Test
    void allowedOriginIsAcceptedIgnoringCaseAndATrailingSlashInTheSetting() {
        var s = settings("allowed-origins", "https://App.Example.com/,http://localhost:3000");

        assertTrue(decide(facts("127.0.0.1", "localhost", "https://app.example.com"), s).allowed());
        assertTrue(decide(facts("127.0.0.1", "localhost", "http://localhost:3000"), s).allowed());
        assertRefused(403, "origin_not_allowed", decide(facts("127.0.0.1", "localhost", "http://localhost:3001"), s));
        assertRefused(403, "origin_not_allowed", decide(facts("127.0.0.1", "localhost", "http://app.example.com"), s));
    }

    // ---- remote callers: allowed-ips

    @ParameterizedTest
    @CsvSource({
            "192.168.1.0/24, 192.168.1.77, true",
            "192.168.1.0/24, 192.168.2.1, false",
            "10.0.0.0/8, 10.255.255.255, true",
            "10.0.0.0/8, 11.0.0.0, false",
            "192.168.1.7, 192.168.1.7, true",
            "192.168.1.7, 192.168.1.8, false",
            "192.168.1.7/24, 192.168.1.200, true",
            "0.0.0.0/0, 203.0.113.9, true",
            "172.16.0.0/12, 172.31.255.1, true",
            "172.16.0.0/12, 172.32.0.1, false",
            "fd00::/8, fd12:3456::1, true",
            "fd00::/8, fe80::1, false",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "2001:db8::1, 2001:db8::1, true",
            "2001:db8::1/128, 2001:db8::2, false",
            "::/0, 2001:db8::2, true",
            "10.0.0.0/8, ::ffff:10.1.2.3, true",
            "10.0.0.0/8, fd00::a01:203, false",
            "fd00::/8, 10.1.2.3, false"})
    void cidrMatchingForIpv4AndIpv6(String block, String address, boolean inside) {
        assertEquals(inside, Cidr.parse(block).contains(ip(address)));
        var d = decide(facts(address, "gateway.lan", null, "authorization", "Bearer " + KEY),
                settings("allowed-ips", block, "allowed-hosts", "gateway.lan"));
        if (inside) {
            assertTrue(d.allowed(), d.message());
        } else {
            assertRefused(403, "ip_not_allowed", d);
        }
    }

    @Test
    void addressOutsideAllowedIpsIsRefusedEvenWithAValidKeyAndWithoutShowingTheList() {
        var d = decide(facts("192.168.2.9", "192.168.1.2:9090", null, "authorization", "Bearer " + KEY),
                settings("allowed-ips", "192.168.1.0/24,10.9.0.0/16"));

        assertRefused(403, "ip_not_allowed", d);
        assertTrue(d.message().contains("192.168.2.9"), d.message());
        assertTrue(d.message().contains("allowed-ips"), d.message());
        assertFalse(d.message().contains("10.9.0.0"), d.message());
    }

    @Test
    void emptyAllowedIpsLetsAnyAddressInThatHasAKey() {
        var d = decide(facts("203.0.113.9", "203.0.113.1:9090", null, "authorization", "Bearer " + KEY), settings());

        assertTrue(d.allowed(), d.message());
    }

    @Test
    void allowedIpsSettingAcceptsCidrBlocksAndAddressesOnlyStoredCanonically() {
        assertEquals("192.168.1.0/24,10.0.0.7/32,fd00::/8",
                Setting.ALLOWED_IPS.normalize("192.168.1.77/24, 10.0.0.7, fd00::/8, 10.0.0.7"));
        for (var bad : List.of("my-laptop", "10.0.0.0/33", "fd00::/129", "300.1.1.1", "10.0.0.0/x", "10.0.0/8")) {
            var e = assertThrows(StoreException.class, () -> Setting.ALLOWED_IPS.normalize(bad), bad);
            assertEquals(StoreException.Kind.INVALID, e.kind());
            assertTrue(e.getMessage().contains("allowed-ips"), e.getMessage());
        }
    }

    // ---- remote callers: client access keys

    @ParameterizedTest
    @CsvSource({"authorization, 'Bearer '", "authorization, 'bearer '", "Authorization, 'BEARER  '", "x-api-key, ",
            "X-Api-Key, ", "api-key, ", "x-goog-api-key, ", "X-Goog-Api-Key, "})
    void validKeyIsAcceptedFromEachOfTheFourHeaders(String header, String prefix) {
        var p = prefix == null ? "" : prefix;
        var d = decide(facts("192.168.1.50", "192.168.1.2:9090", null, header, p + KEY), settings());

        assertTrue(d.allowed(), header + ": " + d.message());
    }

    @Test
    void anyOfSeveralKeysIsAccepted() {
        var d = decide(facts("192.168.1.50", "192.168.1.2", null, "x-api-key", "sb-test-access-key-phone-0000000"),
                settings());

        assertTrue(d.allowed(), d.message());
    }

    @Test
    void missingKeyIsUnauthorized() {
        var d = decide(facts("192.168.1.50", "192.168.1.2:9090", null), settings());

        assertRefused(401, "missing_access_key", d);
        assertEquals("authentication_error", d.type());
        assertTrue(d.message().contains("Authorization: Bearer"), d.message());
    }

    @Test
    void authorizationThatIsNotBearerCountsAsNoKey() {
        assertRefused(401, "missing_access_key", decide(facts("192.168.1.50", "192.168.1.2", null,
                "authorization", "Basic dXNlcjpwYXNz"), settings()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"authorization", "x-api-key", "api-key", "x-goog-api-key"})
    void wrongKeyIsUnauthorizedAndNeverEchoed(String header) {
        var wrong = "sb-test-wrong-key-000000000000000";
        var value = header.equals("authorization") ? "Bearer " + wrong : wrong;
        var d = decide(facts("192.168.1.50", "192.168.1.2", null, header, value), settings());

        assertRefused(401, "invalid_access_key", d);
        assertFalse(d.message().contains(wrong), d.message());
        assertFalse(d.message().contains(KEY), d.message());
    }

    @Test
    void aPrefixOrExtensionOfAKeyIsWrong() {
        assertRefused(401, "invalid_access_key", decide(facts("192.168.1.50", "192.168.1.2", null,
                "x-api-key", KEY.substring(0, KEY.length() - 1)), settings()));
        assertRefused(401, "invalid_access_key", decide(facts("192.168.1.50", "192.168.1.2", null,
                "x-api-key", KEY + "0"), settings()));
    }

    @Test
    void whenNoAccessKeyExistsRemoteCallersAreRefusedSayingHowToMakeOne() {
        var d = AccessGuard.decide(facts("192.168.1.50", "192.168.1.2", null, "x-api-key", KEY), settings(), List.of());

        assertRefused(401, "no_access_keys", d);
        assertTrue(d.message().contains("switchboard keys create"), d.message());
    }

    @Test
    void remoteCallerAlsoPassesTheHostAndOriginRules() {
        var s = settings("allowed-origins", "https://app.example.com");

        assertRefused(403, "host_not_allowed", decide(facts("192.168.1.50", "evil.example", null,
                "x-api-key", KEY), s));
        assertRefused(403, "origin_not_allowed", decide(facts("192.168.1.50", "192.168.1.2", "https://evil.example",
                "x-api-key", KEY), s));
        assertTrue(decide(facts("192.168.1.50", "192.168.1.2", "https://app.example.com", "x-api-key", KEY), s)
                .allowed());
    }

    @Test
    void preflightOfAnAllowedOriginNeedsNoKeyButAnAllowedAddress() {
        var s = settings("allowed-origins", "https://app.example.com", "allowed-ips", "192.168.1.0/24");

        assertTrue(decide(request("OPTIONS", "192.168.1.50", "192.168.1.2", "https://app.example.com",
                "access-control-request-method", "POST"), s).allowed());
        assertRefused(401, "missing_access_key", decide(request("OPTIONS", "192.168.1.50", "192.168.1.2", null,
                "access-control-request-method", "POST"), s));
        assertRefused(403, "ip_not_allowed", decide(request("OPTIONS", "10.1.1.1", "192.168.1.2",
                "https://app.example.com", "access-control-request-method", "POST"), s));
        assertRefused(403, "origin_not_allowed", decide(request("OPTIONS", "192.168.1.50", "192.168.1.2",
                "https://evil.example", "access-control-request-method", "POST"), s));
    }

    @Test
    void requestFactsHaveNoPlaceForForwardingHeaders() {
        // The remote address is the socket's: a forwarded-for header is simply not part of what the rules see.
        var f = new RequestFacts(ip("192.168.1.50"), "192.168.1.2", null, "GET",
                Map.of("X-Forwarded-For", "127.0.0.1", "Forwarded", "for=127.0.0.1"));

        assertRefused(401, "missing_access_key", decide(f, settings()));
    }

    @Test
    void unknownRemoteAddressIsRefused() {
        var f = new RequestFacts(null, "localhost", null, "GET", Map.of());

        assertRefused(403, "unknown_address", decide(f, settings()));
    }

    @Test
    void keyMatchingComparesEveryPresentedValueWithEveryKey() {
        assertTrue(AccessGuard.anyMatches(List.of("nope", KEY), KEYS));
        assertFalse(AccessGuard.anyMatches(List.of("nope", ""), KEYS));
        assertFalse(AccessGuard.anyMatches(List.of(KEY), List.of()));
    }

    // ---- loopback-only paths (the admin API)

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "::ffff:127.0.0.1"})
    void aLoopbackOnlyPathLetsThisMachineOnToItsOwnChecks(String remote) {
        assertTrue(AccessGuard.decideLoopbackOnly(facts(remote, "127.0.0.1:9090", null)).allowed());
    }

    /** docs/ADMIN_API.md says 403 for a caller from elsewhere; a valid client key changes nothing (issue 18). */
    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.5", "192.168.1.20", "::ffff:10.0.0.5", "fd00::5"})
    void aLoopbackOnlyPathRefusesAnyOtherCallerWith403WhateverKeyItCarries(String remote) {
        assertRefused(403, "admin_loopback_only", AccessGuard.decideLoopbackOnly(facts(remote, null, null)));
        assertRefused(403, "admin_loopback_only", AccessGuard.decideLoopbackOnly(
                facts(remote, null, null, "authorization", "Bearer " + KEY)));
        assertRefused(401, "missing_access_key", decide(facts(remote, null, null), settings()));
    }
}
