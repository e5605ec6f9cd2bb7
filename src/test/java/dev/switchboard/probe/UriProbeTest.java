package dev.switchboard.probe;

import org.eclipse.jetty.http.HttpURI;
import org.junit.jupiter.api.Test;

class UriProbeTest {
    @Test
    void probe() {
        for (var p : new String[] {"/v1/models/relay%2Fup%20model+x", "/v1/models/%2F..%2F..%2Fadmin%2Fchannels",
                "/v1/models/a%2F.%2Fb", "/v1/models/a%2f%2fb", "/v1/models/%2e%2e%2Fx", "/v1beta/models/a%2Fb:countTokens"}) {
            var u = HttpURI.from(p);
            System.out.println("PROBE " + p + " path=" + u.getPath() + " canon=" + u.getCanonicalPath() + " dec=" + u.getDecodedPath() + " v=" + u.getViolations());
        }
    }
}
